"""Signing in and out of the console. Sign-in is throttled per username and per client address
(`contact_centre.sign_in_throttle`); behind a proxy, uvicorn's `FORWARDED_ALLOW_IPS` must name
it so that the address is the client's, not the proxy's."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from contact_centre import agents, console_sessions
from contact_centre.console import pages
from contact_centre.console.context import ConsoleContext, base, html
from contact_centre.console.security import (
    Forbidden,
    FormTooLarge,
    check_csrf,
    csrf_token,
    read_form,
    replace_session_token,
    session_token,
)
from contact_centre.domain import CentreError, InvalidCredentials
from contact_centre.sign_in_throttle import SignInLocked


def refusal(until: datetime, wait_seconds: int) -> str:
    """The same words for every locked name, known or not, and when to come back."""
    minutes = math.ceil(wait_seconds / 60)
    whole_minute = until.replace(second=0, microsecond=0)
    after = whole_minute if whole_minute == until else whole_minute + timedelta(minutes=1)
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-ins. Try again in {minutes} {unit}, after {after:%H:%M} UTC."


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
        address = request.client.host if request.client else None
        try:
            agent = await ctx.run(
                agents.authenticate, uow, username, form.get("password", ""), address=address
            )
        except SignInLocked as exc:
            wait = max(1, math.ceil((exc.until - uow.now()).total_seconds()))
            body = pages.login(base(request), csrf_token(request), refusal(exc.until, wait), username)
            return html(body, 429, {"Retry-After": str(wait)})
        except (InvalidCredentials, CentreError):
            return html(
                pages.login(base(request), csrf_token(request), "Wrong username or password.", username), 401
            )
        # A new id (the one the browser had dies: no fixation, no copy of it lives on).
        token = await ctx.run(console_sessions.start, uow, agent.id, replacing=session_token(request))
        replace_session_token(request, token)
        return RedirectResponse(f"{base(request)}/queue", status_code=303)

    async def logout(request: Request) -> Response:
        form = await read_form(request)
        try:
            check_csrf(request, form)
        except Forbidden as exc:
            return JSONResponse({"error": exc.why}, status_code=403)
        token = session_token(request)
        if token is not None:
            await ctx.run(console_sessions.end, uow, token)
        replace_session_token(request)
        return RedirectResponse(f"{base(request)}/login", status_code=303)

    return [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
    ]
