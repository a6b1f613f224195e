"""The console's app: the one place that assembles its routes and middleware.

Pages are server-rendered HTML; forms post urlencoded bodies with the session's CSRF token and
get a 303 back to the page. The queue and an open conversation stay current through one
Server-Sent Events stream. Roles: agents work conversations; supervisors also reassign and see
the figures. Each page's routes live in their own module (`signin_routes`, `queue_routes`,
`conversation_routes`, `dashboard_routes`); what they share lives in `context`.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from contact_centre.console import (
    agent_routes,
    conversation_routes,
    dashboard_routes,
    queue_routes,
    review_routes,
    signin_routes,
)
from contact_centre.console.context import ConsoleContext, ConsoleDeps
from contact_centre.console.security import SessionCookie

__all__ = ["COOKIE", "ConsoleDeps", "create_console_app"]

STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "bankbot_console"


def create_console_app(deps: ConsoleDeps) -> Starlette:
    ctx = ConsoleContext(deps)
    routes: list[BaseRoute] = [
        *signin_routes.routes(ctx),
        *queue_routes.routes(ctx),
        *conversation_routes.routes(ctx),
        *dashboard_routes.routes(ctx),
        *agent_routes.routes(ctx),
        *review_routes.routes(ctx),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(
            SessionCookie,
            secret=deps.settings.secret,
            cookie=COOKIE,
            max_age=deps.settings.session_max_age,
            https_only=deps.settings.secure_cookies,
        )
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.deps = deps
    return app
