"""The supervisors' dashboard: the service's figures over a period, as a page and as CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contact_centre import figures
from contact_centre.console import pages
from contact_centre.console.context import ConsoleContext, base, html
from contact_centre.console.security import csrf_token
from contact_centre.domain import AgentView


def period(params: QueryParams, today: date) -> tuple[datetime, datetime, str, str]:
    """[since 00:00, day after until 00:00) in UTC from `days=N` or `since=`/`until=`
    (YYYY-MM-DD); default the last 7 days."""
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


def routes(ctx: ConsoleContext) -> list[Route]:
    uow, deps = ctx.uow, ctx.deps

    async def compute(request: Request) -> tuple[figures.Figures, str, str]:
        since, until, first, last = period(request.query_params, uow.now().date())
        result = await ctx.run(figures.gather, since, until, deps.tracker, uow, deps.bank)
        return result, first, last

    async def dashboard(request: Request, agent: AgentView) -> Response:
        result, first, last = await compute(request)
        return html(pages.dashboard_page(base(request), agent, csrf_token(request), result, first, last))

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

    return [
        Route("/dashboard", ctx.page(dashboard, supervisor=True)),
        Route("/dashboard.csv", ctx.page(dashboard_csv, supervisor=True)),
    ]
