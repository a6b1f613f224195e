"""Transfers held for review (domain/risk.py): staff see them with why, and release (pay now,
or schedule for its date) or reject them. Each is decided once, under the customer's row lock;
paying goes through the same path as a scheduled transfer (funds and limits checked again)."""

from __future__ import annotations

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
