"""A conversation: its page (transcript, customer, notes), the transcript fragment the live page
re-reads, and the agent's actions on it (claim, reply, note, resolve, return to the bot, reassign).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from contact_centre import agents, queue, transcript
from contact_centre.bank import CustomerProfile
from contact_centre.console import pages
from contact_centre.console.context import ConsoleContext, base, html
from contact_centre.console.security import (
    Forbidden,
    FormTooLarge,
    NotSignedIn,
    check_csrf,
    csrf_token,
    read_form,
)
from contact_centre.delivery import DeliveryFailed
from contact_centre.domain import (
    AgentNotFound,
    AgentView,
    ClaimedByAnother,
    HandoffNotFound,
    HandoffView,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
)


def profile_json(profile: CustomerProfile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "username": profile.username,
        "phone": profile.phone_masked,
        "email": profile.email_masked,
        "address": profile.address_masked,
        "language": profile.language,
        "preferred_channel": profile.preferred_channel,
        "segment": profile.segment,
        "telegram_linked": profile.telegram_linked,
        "status": profile.status,
        "vulnerable": profile.vulnerable,
        "last_changes": [
            {"at": c.at.isoformat(), "what": c.action, "channel": c.channel, "old": c.old, "new": c.new}
            for c in profile.changes
        ],
    }


ActionHandler = Callable[[Request, AgentView, dict[str, str]], Awaitable[Response]]


def routes(ctx: ConsoleContext) -> list[Route]:
    desk, uow, deps = ctx.desk, ctx.uow, ctx.deps

    async def load_transcript(handoff: HandoffView) -> list[transcript.TranscriptLine]:
        bot = await ctx.run(deps.tracker.conversation, handoff.conversation_id)
        human = await ctx.run(queue.turns_for_conversation, uow, handoff.conversation_id)
        return transcript.merge(bot, human)

    async def render_conversation(
        request: Request, agent: AgentView, handoff_id: int, *, error: str | None = None, status: int = 200
    ) -> Response:
        try:
            handoff = await ctx.run(queue.get_handoff, uow, handoff_id)
        except HandoffNotFound:
            return ctx.page_error(request, agent, 404, "Not found", "No such conversation in the queue.")
        lines = await load_transcript(handoff)
        notes = await ctx.run(queue.notes, uow, handoff_id)
        profile, tickets = None, []
        if deps.bank is not None and handoff.customer_id is not None:
            profile = await ctx.run(deps.bank.profile, handoff.customer_id)
            tickets = await ctx.run(deps.bank.recent_tickets, handoff.customer_id)
        staff = await ctx.run(agents.list_agents, uow) if agent.is_supervisor else []
        body = pages.conversation_page(
            base(request),
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
        return html(body, status)

    async def conversation_with_error(
        request: Request, agent: AgentView, status: int, message: str
    ) -> Response:
        handoff_id = request.path_params.get("handoff_id")
        if handoff_id is None:
            return ctx.page_error(request, agent, status, "Refused", message)
        return await render_conversation(request, agent, int(handoff_id), error=message, status=status)

    def action(handler: ActionHandler) -> Callable[[Request], Awaitable[Response]]:
        """A POST handler: signed in, CSRF-checked; errors of the queue become words and codes."""

        async def endpoint(request: Request) -> Response:
            try:
                agent = await ctx.current_agent(request)
            except NotSignedIn:
                return JSONResponse({"error": "sign in first"}, status_code=401)
            try:
                form = await read_form(request)
                check_csrf(request, form)
                return await handler(request, agent, form)
            except Forbidden as exc:
                return ctx.page_error(request, agent, 403, "Refused", exc.why)
            except FormTooLarge:
                return ctx.page_error(request, agent, 413, "Too large", "That form is too large.")
            except NotPermitted as exc:
                return ctx.page_error(request, agent, 403, "Not allowed", str(exc))
            except HandoffNotFound:
                return ctx.page_error(request, agent, 404, "Not found", "No such conversation in the queue.")
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

    def handoff_id(request: Request) -> int:
        return int(request.path_params["handoff_id"])

    def back(request: Request) -> Response:
        return RedirectResponse(f"{base(request)}/conversations/{request.path_params['handoff_id']}", 303)

    def to_queue(request: Request) -> Response:
        return RedirectResponse(f"{base(request)}/queue", 303)

    async def conversation(request: Request, agent: AgentView) -> Response:
        return await render_conversation(request, agent, handoff_id(request))

    async def transcript_fragment(request: Request, agent: AgentView) -> Response:
        try:
            handoff = await ctx.run(queue.get_handoff, uow, handoff_id(request))
        except HandoffNotFound:
            return JSONResponse({"error": "not found"}, status_code=404)
        return html(pages.transcript_html(await load_transcript(handoff)))

    async def customer_json(request: Request, agent: AgentView) -> Response:
        """The profile panel's data, for the console's scripts and tools: masked as on the page."""
        try:
            handoff = await ctx.run(queue.get_handoff, uow, handoff_id(request))
        except HandoffNotFound:
            return JSONResponse({"error": "not found"}, status_code=404)
        profile = None
        if deps.bank is not None and handoff.customer_id is not None:
            profile = await ctx.run(deps.bank.profile, handoff.customer_id)
        return JSONResponse({"customer": profile_json(profile) if profile is not None else None})

    async def claim(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.claim(handoff_id(request), agent.id)
        return back(request)

    async def reply(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.reply(handoff_id(request), agent.id, form.get("text", ""))
        return back(request)

    async def note(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.add_note(handoff_id(request), agent.id, form.get("text", ""))
        return back(request)

    async def resolve(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.resolve(handoff_id(request), agent.id)
        return to_queue(request)

    async def return_to_bot(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        await desk.return_to_bot(handoff_id(request), agent.id)
        return to_queue(request)

    async def reassign(request: Request, agent: AgentView, form: dict[str, str]) -> Response:
        if not agent.is_supervisor:  # checked again by the queue; refused before any work here
            raise NotPermitted("reassign a conversation")
        try:
            to_agent = int(form.get("agent_id", ""))
        except ValueError:
            raise InvalidInput("choose an agent") from None
        await desk.reassign(handoff_id(request), agent.id, to_agent)
        return back(request)

    one = "/conversations/{handoff_id:int}"
    return [
        Route(one, ctx.page(conversation)),
        Route(f"{one}/transcript", ctx.page(transcript_fragment)),
        Route(f"{one}/customer.json", ctx.page(customer_json)),
        Route(f"{one}/claim", action(claim), methods=["POST"]),
        Route(f"{one}/reply", action(reply), methods=["POST"]),
        Route(f"{one}/note", action(note), methods=["POST"]),
        Route(f"{one}/resolve", action(resolve), methods=["POST"]),
        Route(f"{one}/return", action(return_to_bot), methods=["POST"]),
        Route(f"{one}/reassign", action(reassign), methods=["POST"]),
    ]
