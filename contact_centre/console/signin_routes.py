"""Signing in and out of the console."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from contact_centre import agents
from contact_centre.console import pages
from contact_centre.console.context import ConsoleContext, base, html
from contact_centre.console.security import (
    Forbidden,
    FormTooLarge,
    check_csrf,
    csrf_token,
    read_form,
    start_session,
)
from contact_centre.domain import CentreError, InvalidCredentials


def routes(ctx: ConsoleContext) -> list[Route]:
    uow = ctx.uow

    async def login_form(request: Request) -> Response:
        return html(pages.login(base(request), csrf_token(request)))

    async def login(request: Request) -> Response:
        try:
            form = await read_form(request)
            check_csrf(request, form)
        except (Forbidden, FormTooLarge):
            return html(pages.login(base(request), csrf_token(request), "Please sign in again."), 403)
        username = form.get("username", "")
        try:
            agent = await ctx.run(agents.authenticate, uow, username, form.get("password", ""))
        except (InvalidCredentials, CentreError):
            return html(
                pages.login(base(request), csrf_token(request), "Wrong username or password.", username), 401
            )
        start_session(request, agent.id)
        return RedirectResponse(f"{base(request)}/queue", status_code=303)

    async def logout(request: Request) -> Response:
        form = await read_form(request)
        try:
            check_csrf(request, form)
        except Forbidden as exc:
            return JSONResponse({"error": exc.why}, status_code=403)
        request.session.clear()
        return RedirectResponse(f"{base(request)}/login", status_code=303)

    return [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
    ]
