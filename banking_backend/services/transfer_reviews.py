"""Transfers held for review (domain/risk.py): staff see them with why, and release (pay now,
or schedule for its date) or reject them. Each is decided once, under the customer's row lock;
paying goes through the same path as a scheduled transfer (funds and limits checked again)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from banking_backend import models as m
from banking_backend.domain.errors import TransferNotFound, TransferNotHeld
from banking_backend.domain.views import TransferView
from banking_backend.services import audit
from banking_backend.services.retrying import in_transaction
from banking_backend.services.scheduled_transfers import run_one
from banking_backend.services.transfers import transfer_view
from banking_backend.unit_of_work import SqlUnitOfWork


def held_transfers(uow: SqlUnitOfWork) -> list[TransferView]:
    """For staff (the console), not for customers: every transfer waiting for review."""
    with uow:
        return [transfer_view(uow, t) for t in uow.transfers.held()]


@dataclass(frozen=True, slots=True)
class HeldForReview:
    """A held transfer as staff review it: whose it is, and why the bank held it (the signals of
    its `risk.signals` audit record: name, outcome, why)."""

    transfer: TransferView
    customer_id: int
    signals: tuple[dict, ...]


def held_for_review(uow: SqlUnitOfWork) -> list[HeldForReview]:
    """For staff (the console): every held transfer with its customer and the audit's why."""
    with uow:
        rows = uow.transfers.held()
        customers = {row.customer_id for row in rows}
        why: dict[int, tuple[dict, ...]] = {}
        if customers:
            records = uow.session.scalars(
                select(m.AuditRecord)
                .where(m.AuditRecord.action == "risk.signals", m.AuditRecord.actor_customer_id.in_(customers))
                .order_by(m.AuditRecord.id)
            )
            for record in records:
                details = json.loads(record.details)
                if details.get("transfer_id") is not None:
                    why[int(details["transfer_id"])] = tuple(details.get("signals") or ())
        return [HeldForReview(transfer_view(uow, row), row.customer_id, why.get(row.id, ())) for row in rows]


def _held_row(uow: SqlUnitOfWork, customer_id: int, transfer_id: int) -> m.Transfer:
    uow.customers.get_for_update(customer_id)
    row = uow.transfers.owned(customer_id, transfer_id)
    if row is None:
        raise TransferNotFound()
    uow.session.refresh(row)
    if row.status != "held":
        raise TransferNotHeld(f"transfer is {row.status}")
    return row


def release(
    uow: SqlUnitOfWork, customer_id: int, transfer_id: int, *, staff: str, channel: str = "console"
) -> TransferView:
    """The bank is satisfied: pay it now (or keep it for its date). A payment that cannot be
    made any more (funds, limits) ends 'failed' with why, as a scheduled one does."""

    def work() -> TransferView:
        row = _held_row(uow, customer_id, transfer_id)
        reasons = row.hold_reasons
        row.status = "scheduled"
        uow.session.flush()
        audit.record(
            uow, None, "transfer.released", channel, transfer_id=row.id, staff=staff, reasons=reasons
        )
        if row.scheduled_for is not None and row.scheduled_for > uow.now().date():
            return transfer_view(uow, row)
        result = run_one(uow, customer_id, row.id)
        if result.status == "completed" and row.payee_id is not None:
            payee = uow.payees.owned(customer_id, row.payee_id)
            if payee is not None and payee.trusted_at is None:
                payee.trusted_at = uow.now()
        return result

    return in_transaction(uow, work)


def reject(
    uow: SqlUnitOfWork, customer_id: int, transfer_id: int, *, staff: str, why: str, channel: str = "console"
) -> TransferView:
    """The bank will not pay it: cancelled, with why, and nothing moves."""

    def work() -> TransferView:
        row = _held_row(uow, customer_id, transfer_id)
        row.status, row.failure_reason = "cancelled", f"rejected after review: {why}"[:200]
        audit.record(uow, None, "transfer.rejected", channel, transfer_id=row.id, staff=staff, why=why)
        return transfer_view(uow, row)

    return in_transaction(uow, work)
