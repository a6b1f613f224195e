"""The supervisors' agents page: who has a console account, how many live sessions each has, and
a button that ends an agent's sessions (a lost laptop, a copied cookie, someone who left)."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from contact_centre import agents, console_sessions
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
from contact_centre.domain import AgentNotFound, AgentView


def routes(ctx: ConsoleContext) -> list[Route]:
    uow, settings = ctx.uow, ctx.deps.settings

    async def agents_page(request: Request, supervisor: AgentView) -> Response:
        staff = await ctx.run(agents.list_agents, uow)
        live = await ctx.run(
            console_sessions.live_counts,
            uow,
            idle=timedelta(seconds=settings.session_idle),
            max_age=timedelta(seconds=settings.session_max_age),
        )
        ended = request.query_params.get("ended", "")
        notice = None
        if ended.isdigit() and request.query_params.get("agent"):
            count = int(ended)
            notice = f"{count} session{'' if count == 1 else 's'} ended for {request.query_params['agent']}."
        return html(pages.agents_page(base(request), supervisor, csrf_token(request), staff, live, notice))

    async def end_sessions(request: Request) -> Response:
        try:
            supervisor = await ctx.current_agent(request)
        except NotSignedIn:
            return JSONResponse({"error": "sign in first"}, status_code=401)
        if not supervisor.is_supervisor:
            return ctx.page_error(
                request, supervisor, 403, "Not allowed", "Only supervisors may end sessions."
            )
        try:
            check_csrf(request, await read_form(request))
        except Forbidden as exc:
            return ctx.page_error(request, supervisor, 403, "Refused", exc.why)
        except FormTooLarge:
            return ctx.page_error(request, supervisor, 413, "Too large", "That form is too large.")
        try:
            target = await ctx.run(agents.get_agent, uow, int(request.path_params["agent_id"]))
        except AgentNotFound:
            return ctx.page_error(request, supervisor, 404, "Not found", "No such agent.")
        count = await ctx.run(
            console_sessions.end_all_for, uow, target.id, why=f"ended by {supervisor.username}"
        )
        return RedirectResponse(
            f"{base(request)}/agents?ended={count}&agent={target.username}", status_code=303
        )

    return [
        Route("/agents", ctx.page(agents_page, supervisor=True)),
        Route("/agents/{agent_id:int}/end-sessions", end_sessions, methods=["POST"]),
    ]
