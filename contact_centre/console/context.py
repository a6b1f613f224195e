"""What every route module of the console shares: its dependencies, the signed-in agent, HTML
responses with the pages' security headers, the error page, and the guard of GET pages."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from contact_centre import agents, console_sessions
from contact_centre.bank import BankLookup
from contact_centre.console import pages
from contact_centre.console.security import NotSignedIn, csrf_token, session_token
from contact_centre.console.settings import ConsoleSettings
from contact_centre.desk import HandoffDesk
from contact_centre.domain import AgentNotFound, AgentView
from contact_centre.tracker_store import TrackerStoreReader

# Fetched by a live page's script on its own (console.js): they do not keep a session from idling.
BACKGROUND_PATHS = ("/events", "/transcript", "/queue.json")

PageHandler = Callable[[Request, AgentView], Awaitable[Response]]

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@dataclass
class ConsoleDeps:
    desk: HandoffDesk
    tracker: TrackerStoreReader
    settings: ConsoleSettings
    bank: BankLookup | None = None


def base(request: Request) -> str:
    """Where the console is mounted (`/console` in the gateway), for its own links."""
    return request.scope.get("root_path", "").rstrip("/")


def json_for_html(value: Any) -> str:
    """JSON safe to put inside a <script type="application/json"> element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})


class ConsoleContext:
    """One per console app: the dependencies, and the helpers the route modules build on."""

    def __init__(self, deps: ConsoleDeps) -> None:
        self.deps = deps
        self.desk = deps.desk
        self.uow = deps.desk.uow

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A blocking service call, off the event loop."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def current_agent(self, request: Request, *, touch: bool = True) -> AgentView:
        """The agent of the browser's live session (NotSignedIn otherwise). `touch`: the request
        is the agent's own doing and keeps the session from going idle."""
        token = session_token(request)
        if token is None:
            raise NotSignedIn()
        settings = self.deps.settings
        agent_id = await self.run(
            console_sessions.agent_of,
            self.uow,
            token,
            idle=timedelta(seconds=settings.session_idle),
            max_age=timedelta(seconds=settings.session_max_age),
            touch=touch,
        )
        if agent_id is None:
            raise NotSignedIn()
        try:
            agent = await self.run(agents.get_agent, self.uow, agent_id)
        except AgentNotFound:
            raise NotSignedIn() from None
        if not agent.active:
            raise NotSignedIn()
        return agent

    def page_error(
        self, request: Request, agent: AgentView | None, status: int, title: str, message: str
    ) -> Response:
        if "text/html" not in request.headers.get("accept", "") and request.method != "GET":
            return JSONResponse({"error": message}, status_code=status)
        return html(pages.error_page(base(request), title, message, agent, csrf_token(request)), status)

    def page(
        self, handler: PageHandler, *, supervisor: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        """A GET handler for signed-in staff (sign-in page otherwise)."""

        async def endpoint(request: Request) -> Response:
            # What a live page fetches by itself is no sign of the agent being there.
            background = request.url.path.endswith(BACKGROUND_PATHS)
            try:
                agent = await self.current_agent(request, touch=not background)
            except NotSignedIn:
                if request.headers.get("accept", "").startswith(
                    "text/event-stream"
                ) or request.url.path.endswith((".json", ".csv", "/events", "/transcript")):
                    return JSONResponse({"error": "sign in first"}, status_code=401)
                return RedirectResponse(f"{base(request)}/login", status_code=303)
            if supervisor and not agent.is_supervisor:
                return self.page_error(
                    request, agent, 403, "Not allowed", "Only supervisors may see this page."
                )
            return await handler(request, agent)

        return endpoint
