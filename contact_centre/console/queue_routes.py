"""The live queue: its page, its JSON, and the one Server-Sent Events stream that keeps the queue
and an open conversation current."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from contact_centre import queue
from contact_centre.console import pages
from contact_centre.console.context import ConsoleContext, base, html, json_for_html
from contact_centre.console.security import NotSignedIn, csrf_token
from contact_centre.domain import AgentView, HandoffView

HEARTBEAT_SECONDS = 15.0


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


def routes(ctx: ConsoleContext) -> list[Route]:
    desk, uow, settings = ctx.desk, ctx.uow, ctx.deps.settings

    async def snapshot() -> list[dict[str, Any]]:
        handoffs = await ctx.run(queue.open_handoffs, uow)
        now = uow.now()
        return [row(h, now) for h in handoffs]

    async def home(request: Request) -> Response:
        return RedirectResponse(f"{base(request)}/queue", status_code=303)

    async def queue_page(request: Request, agent: AgentView) -> Response:
        rows = await snapshot()
        return html(pages.queue_page(base(request), agent, csrf_token(request), json_for_html(rows)))

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
                try:  # a session ended meanwhile (signed out elsewhere, by a supervisor) ends the stream
                    await ctx.current_agent(request, touch=False)
                except NotSignedIn:
                    return
                version = desk.changes.version
                rows = await snapshot()
                payload = json_for_html({"queue": rows, "version": version})
                comparable = json.dumps([{k: v for k, v in r.items() if k != "waited_seconds"} for r in rows])
                if version != seen or comparable != last_sent:
                    seen, last_sent, idle = version, comparable, 0.0
                    yield f"event: queue\ndata: {payload}\n\n"
                elif idle >= HEARTBEAT_SECONDS:
                    idle = 0.0
                    yield ": ping\n\n"
                await desk.changes.wait_for_change(seen, settings.poll_seconds)
                idle += settings.poll_seconds

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return [
        Route("/", home),
        Route("/queue", ctx.page(queue_page)),
        Route("/queue.json", ctx.page(queue_json)),
        Route("/events", ctx.page(events)),
    ]
