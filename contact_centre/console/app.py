"""The console's routes: sign-in, the live queue, a conversation, the dashboard.

Pages are server-rendered HTML; forms post urlencoded bodies with the session's CSRF token and
get a 303 back to the page. The queue and an open conversation stay current through one
Server-Sent Events stream. Roles: agents work conversations; supervisors also reassign and see
the figures.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from contact_centre import agents, figures, queue, transcript
from contact_centre.bank import BankLookup
from contact_centre.console import pages
from contact_centre.console.security import (
    Forbidden,
    FormTooLarge,
    NotSignedIn,
    check_csrf,
    csrf_token,
    read_form,
    start_session,
)
from contact_centre.console.settings import ConsoleSettings
from contact_centre.delivery import DeliveryFailed
from contact_centre.desk import HandoffDesk
from contact_centre.domain import (
    AgentNotFound,
    AgentView,
    CentreError,
    ClaimedByAnother,
    HandoffNotFound,
    HandoffView,
    IllegalTransition,
    InvalidCredentials,
    InvalidInput,
    NotPermitted,
)
from contact_centre.tracker_store import TrackerStoreReader

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "bankbot_console"
HEARTBEAT_SECONDS = 15.0


@dataclass
class ConsoleDeps:
    desk: HandoffDesk
    tracker: TrackerStoreReader
    settings: ConsoleSettings
    bank: BankLookup | None = None


def _base(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def _json_for_html(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def create_console_app(deps: ConsoleDeps) -> Starlette:
    desk = deps.desk
    uow = desk.uow

    async def run(fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    async def current_agent(request: Request) -> AgentView:
        agent_id = request.session.get("agent_id")
        if not isinstance(agent_id, int):
            raise NotSignedIn()
        try:
            agent = await run(agents.get_agent, uow, agent_id)
        except AgentNotFound:
            raise NotSignedIn() from None
        if not agent.active:
            raise NotSignedIn()
        return agent

    def html(request: Request, body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status, headers=_page_headers())

    def page_error(
        request: Request, agent: AgentView | None, status: int, title: str, message: str
    ) -> Response:
        if "text/html" not in request.headers.get("accept", "") and request.method != "GET":
            return JSONResponse({"error": message}, status_code=status)
        return html(
            request, pages.error_page(_base(request), title, message, agent, csrf_token(request)), status
        )

    def page(handler: Callable[[Request, AgentView], Awaitable[Response]], *, supervisor: bool = False):
        """A GET handler for signed-in staff (sign-in page otherwise)."""

        async def endpoint(request: Request) -> Response:
            try:
                agent = await current_agent(request)
            except NotSignedIn:
                if request.headers.get("accept", "").startswith(
                    "text/event-stream"
                ) or request.url.path.endswith((".json", ".csv", "/events", "/transcript")):
                    return JSONResponse({"error": "sign in first"}, status_code=401)
                return RedirectResponse(f"{_base(request)}/login", status_code=303)
            if supervisor and not agent.is_supervisor:
                return page_error(request, agent, 403, "Not allowed", "Only supervisors may see this page.")
            return await handler(request, agent)

        return endpoint

    def action(handler: Callable[[Request, AgentView, dict[str, str]], Awaitable[Response]]):
        """A POST handler: signed in, CSRF-checked; errors of the queue become words and codes."""

        async def endpoint(request: Request) -> Response:
            try:
                agent = await current_agent(request)
            except NotSignedIn:
                return JSONResponse({"error": "sign in first"}, status_code=401)
            try:
                form = await read_form(request)
                check_csrf(request, form)
                return await handler(request, agent, form)
            except Forbidden as exc:
                return page_error(request, agent, 403, "Refused", exc.why)
            except FormTooLarge:
                return page_error(request, agent, 413, "Too large", "That form is too large.")
            except NotPermitted as exc:
                return page_error(request, agent, 403, "Not allowed", str(exc))
            except HandoffNotFound:
                return page_error(request, agent, 404, "Not found", "No such conversation in the queue.")
            except (IllegalTransition, ClaimedByAnother) as exc:
                return await conversation_with_error(request, agent, 409, str(exc))
            except InvalidInput as exc:
                return await conversation_with_error(request, agent, 400, str(exc))
            except DeliveryFailed:
                return await conversation_with_error(
                    request, agent, 502, "The reply was saved but the channel did not take it; try again."
                )
            except AgentNotFound:
                return await conversation_with_error(request, agent, 400, "No such agent.")

        return endpoint

    async def conversation_with_error(
        request: Request, agent: AgentView, status: int, message: str
    ) -> Response:
        handoff_id = request.path_params.get("handoff_id")
        if handoff_id is None:
            return page_error(request, agent, status, "Refused", message)
        return await render_conversation(request, agent, int(handoff_id), error=message, status=status)

    # --- sign-in ----------------------------------------------------------------------------

    async def login_form(request: Request) -> Response:
        return html(request, pages.login(_base(request), csrf_token(request)))

    async def login(request: Request) -> Response:
        try:
            form = await read_form(request)
            check_csrf(request, form)
        except (Forbidden, FormTooLarge):
            return html(
                request, pages.login(_base(request), csrf_token(request), "Please sign in again."), 403
            )
        username = form.get("username", "")
        try:
            agent = await run(agents.authenticate, uow, username, form.get("password", ""))
        except (InvalidCredentials, CentreError):
            body = pages.login(_base(request), csrf_token(request), "Wrong username or password.", username)
            return html(request, body, 401)
        start_session(request, agent.id)
        return RedirectResponse(f"{_base(request)}/queue", status_code=303)

    async def logout(request: Request) -> Response:
        form = await read_form(request)
        try:
            check_csrf(request, form)
        except Forbidden as exc:
            return JSONResponse({"error": exc.why}, status_code=403)
        request.session.clear()
        return RedirectResponse(f"{_base(request)}/login", status_code=303)

    async def home(request: Request) -> Response:
        return RedirectResponse(f"{_base(request)}/queue", status_code=303)

    # --- the queue ----------------------------------------------------------------------

    def row(h: HandoffView, now: datetime) -> dict[str, Any]:
        return {
            "id": h.id,
            "conversation_id": h.conversation_id,
            "customer_id": h.customer_id,
            "channel": h.channel,
            "reason": h.reason,
            "reason_label": pages.REASON_LABELS.get(h.reason, h.reason),
            "priority": h.priority,
            "priority_label": pages.PRIORITY_LABELS.get(h.priority, str(h.priority)),
            "state": h.state,
            "claimed_by": h.claimed_by_name,
            "created_at": h.created_at.isoformat(),
            "sla_due_at": h.sla_due_at.isoformat(),
            "waited_seconds": int(h.waited(now).total_seconds()),
            "overdue": h.overdue(now),
        }

    async def snapshot() -> list[dict[str, Any]]:
        handoffs = await run(queue.open_handoffs, uow)
        now = uow.now()
        return [row(h, now) for h in handoffs]

    async def queue_page(request: Request, agent: AgentView) -> Response:
        rows = await snapshot()
        return html(
            request, pages.queue_page(_base(request), agent, csrf_token(request), _json_for_html(rows))
        )

    async def queue_json(request: Request, agent: AgentView) -> Response:
        return JSONResponse({"queue": await snapshot(), "version": desk.changes.version})

    async def events(request: Request, agent: AgentView) -> Response:
        """One SSE stream: `queue` events with the open handoffs whenever they (or a
        conversation) change; the page re-reads a conversation's transcript on each."""

        async def stream() -> AsyncIterator[str]:
            seen = -1
            last_sent = ""
            idle = 0.0
            yield "retry: 2000\n\n"
            while True:
                if await request.is_disconnected():
                    return
                version = desk.changes.version
                rows = await snapshot()
                payload = _json_for_html({"queue": rows, "version": version})
                comparable = json.dumps([{k: v for k, v in r.items() if k != "waited_seconds"} for r in rows])
                if version != seen or comparable != last_sent:
                    seen, last_sent, idle = version, comparable, 0.0
                    yield f"event: queue\ndata: {payload}\n\n"
                elif idle >= HEARTBEAT_SECONDS:
                    idle = 0.0
                    yield ": ping\n\n"
                await desk.changes.wait_for_change(seen, deps.settings.poll_seconds)
                idle += deps.settings.poll_seconds

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    # --- a conversation -----------------------------------------------------------------

    async def load_transcript(handoff: HandoffView) -> list[transcript.TranscriptLine]:
        bot = await run(deps.tracker.conversation, handoff.conversation_id)
        human = await run(queue.turns_for_conversation, uow, handoff.conversation_id)
        return transcript.merge(bot, human)

    async def render_conversation(
        request: Request, agent: AgentView, handoff_id: int, *, error: str | None = None, status: int = 200
    ) -> Response:
        try:
            handoff = await run(queue.get_handoff, uow, handoff_id)
        except HandoffNotFound:
            return page_error(request, agent, 404, "Not found", "No such conversation in the queue.")
        lines = await load_transcript(handoff)
        notes = await run(queue.notes, uow, handoff_id)
        profile, tickets = None, []
        if deps.bank is not None and handoff.customer_id is not None:
            profile = await run(deps.bank.profile, handoff.customer_id)
            tickets = await run(deps.bank.recent_tickets, handoff.customer_id)
        staff = await run(agents.list_agents, uow) if agent.is_supervisor else []
        body = pages.conversation_page(
            _base(request),
            agent,
            csrf_token(request),
            handoff,
            lines,
            notes,
            profile,
            tickets,
            staff,
            uow.now(),
            error,
        )
        return html(request, body, status)

    async def conversation(request: Request, agent: AgentView) -> Response:
        return await render_conversation(request, agent, int(request.path_params["handoff_id"]))

    async def transcript_fragment(request: Request, agent: AgentView) -> Response:
        try:
            handoff = await run(queue.get_handoff, uow, int(request.path_params["handoff_id"]))
        except HandoffNotFound:
            return JSONResponse({"error": "not found"}, status_code=404)
        return HTMLResponse(pages.transcript_html(await load_transcript(handoff)), headers=_page_headers())

    def back(request: Request) -> Response:
        return RedirectResponse(f"{_base(request)}/conversations/{request.path_params['handoff_id']}", 303)

    async def claim(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.claim(int(request.path_params["handoff_id"]), agent.id)
        return back(request)

    async def reply(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.reply(int(request.path_params["handoff_id"]), agent.id, form.get("text", ""))
        return back(request)

    async def note(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.add_note(int(request.path_params["handoff_id"]), agent.id, form.get("text", ""))
        return back(request)

    async def resolve(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.resolve(int(request.path_params["handoff_id"]), agent.id)
        return RedirectResponse(f"{_base(request)}/queue", 303)

    async def return_to_bot(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.return_to_bot(int(request.path_params["handoff_id"]), agent.id)
        return RedirectResponse(f"{_base(request)}/queue", 303)

    async def reassign(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        if not agent.is_supervisor:  # checked again by the queue; refused before any work here
            raise NotPermitted("reassign a conversation")
        try:
            to_agent = int(form.get("agent_id", ""))
        except ValueError:
            raise InvalidInput("choose an agent") from None
        await desk.reassign(int(request.path_params["handoff_id"]), agent.id, to_agent)
        return back(request)

    # --- the figures --------------------------------------------------------------------

    def period(request: Request) -> tuple[datetime, datetime, str, str]:
        """[since 00:00, day after until 00:00) in UTC; default the last 7 days."""
        today = uow.now().date()
        params = request.query_params
        try:
            if "days" in params:
                days = max(1, min(366, int(params["days"])))
                first, last = today - timedelta(days=days - 1), today
            else:
                first = date.fromisoformat(params.get("since") or (today - timedelta(days=6)).isoformat())
                last = date.fromisoformat(params.get("until") or today.isoformat())
        except ValueError:
            raise HTTPException(400, "dates are YYYY-MM-DD") from None
        if last < first:
            first, last = last, first
        since = datetime.combine(first, time(), UTC)
        until = datetime.combine(last + timedelta(days=1), time(), UTC)
        return since, until, first.isoformat(), last.isoformat()

    async def compute(request: Request) -> tuple[figures.Figures, str, str]:
        since, until, first, last = period(request)
        result = await run(figures.gather, since, until, deps.tracker, uow, deps.bank)
        return result, first, last

    async def dashboard(request: Request, agent: AgentView) -> Response:
        result, first, last = await compute(request)
        return html(
            request, pages.dashboard_page(_base(request), agent, csrf_token(request), result, first, last)
        )

    async def dashboard_csv(request: Request, agent: AgentView) -> Response:
        result, first, last = await compute(request)
        return Response(
            figures.to_csv(result),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="bankbot-figures-{first}-{last}.csv"',
                "Cache-Control": "no-store",
            },
        )

    routes = [
        Route("/", home),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/queue", page(queue_page)),
        Route("/queue.json", page(queue_json)),
        Route("/events", page(events)),
        Route("/conversations/{handoff_id:int}", page(conversation)),
        Route("/conversations/{handoff_id:int}/transcript", page(transcript_fragment)),
        Route("/conversations/{handoff_id:int}/claim", action(claim), methods=["POST"]),
        Route("/conversations/{handoff_id:int}/reply", action(reply), methods=["POST"]),
        Route("/conversations/{handoff_id:int}/note", action(note), methods=["POST"]),
        Route("/conversations/{handoff_id:int}/resolve", action(resolve), methods=["POST"]),
        Route("/conversations/{handoff_id:int}/return", action(return_to_bot), methods=["POST"]),
        Route("/conversations/{handoff_id:int}/reassign", action(reassign), methods=["POST"]),
        Route("/dashboard", page(dashboard, supervisor=True)),
        Route("/dashboard.csv", page(dashboard_csv, supervisor=True)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=deps.settings.secret,
            session_cookie=COOKIE,
            max_age=deps.settings.session_max_age,
            same_site="strict",
            https_only=deps.settings.secure_cookies,
        )
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.deps = deps
    return app


def _page_headers() -> dict[str, str]:
    return {
        "Cache-Control": "no-store",
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
