"""Supervisors' review of transfers the bank held (risk signals): the page, its JSON, and the
release / reject buttons, which the bank carries out (banking_backend/services/transfer_reviews.py)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from banking_backend.domain.errors import BankError
from contact_centre.bank import HeldTransfer
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
from contact_centre.domain import AgentView

MAX_WHY = 150


def row(t: HeldTransfer) -> dict[str, Any]:
    data = asdict(t)
    return {
        **data,
        "amount": str(t.amount),
        "created_at": t.created_at.isoformat(),
        "reasons": list(t.reasons),
        "why": list(t.why),
    }


def routes(ctx: ConsoleContext) -> list[Route]:
    bank = ctx.deps.bank

    async def held() -> list[HeldTransfer]:
        return await ctx.run(bank.held_transfers) if bank is not None else []

    async def page(request: Request, supervisor: AgentView) -> Response:
        notice = request.query_params.get("done")
        return html(
            pages.held_transfers_page(base(request), supervisor, csrf_token(request), await held(), notice)
        )

    async def as_json(request: Request, supervisor: AgentView) -> Response:
        return JSONResponse({"held": [row(t) for t in await held()]})

    async def decide(request: Request) -> Response:
        try:
            supervisor = await ctx.current_agent(request)
        except NotSignedIn:
            return JSONResponse({"error": "sign in first"}, status_code=401)
        if not supervisor.is_supervisor:
            return ctx.page_error(
                request, supervisor, 403, "Not allowed", "Only supervisors review transfers."
            )
        if request.path_params["decision"] not in ("release", "reject"):
            return ctx.page_error(request, supervisor, 404, "Not found", "Release or reject.")
        try:
            form = await read_form(request)
            check_csrf(request, form)
        except Forbidden as exc:
            return ctx.page_error(request, supervisor, 403, "Refused", exc.why)
        except FormTooLarge:
            return ctx.page_error(request, supervisor, 413, "Too large", "That form is too large.")
        if bank is None:
            return ctx.page_error(request, supervisor, 503, "Unavailable", "The bank is not connected.")
        customer_id, transfer_id = request.path_params["customer_id"], request.path_params["transfer_id"]
        staff = supervisor.username
        try:
            if request.path_params["decision"] == "release":
                status = await ctx.run(bank.release_transfer, customer_id, transfer_id, staff)
            else:
                why = " ".join(str(form.get("why") or "").split())[:MAX_WHY]
                if not why:
                    return ctx.page_error(
                        request, supervisor, 400, "Why?", "Say why the transfer is rejected."
                    )
                status = await ctx.run(bank.reject_transfer, customer_id, transfer_id, staff, why)
        except BankError as refused:
            return ctx.page_error(
                request, supervisor, 409, "Not done", str(refused) or type(refused).__name__
            )
        return RedirectResponse(
            f"{base(request)}/held-transfers?done=Transfer+{transfer_id}+{status}", status_code=303
        )

    return [
        Route("/held-transfers", ctx.page(page, supervisor=True)),
        Route("/held-transfers.json", ctx.page(as_json, supervisor=True)),
        Route(
            "/held-transfers/{customer_id:int}/{transfer_id:int}/{decision:str}",
            decide,
            methods=["POST"],
        ),
    ]
