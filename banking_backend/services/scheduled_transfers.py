"""Scheduled transfers: run the ones that are due (a batch job), or cancel one before it runs."""

from __future__ import annotations

from datetime import date

from banking_backend.domain.errors import (
    AccountNotFound,
    AccountStateError,
    CurrencyMismatch,
    InsufficientFunds,
    InvalidRequest,
    LimitExceeded,
    PayeeNotFound,
    TransferNotFound,
)
from banking_backend.domain.money import Money
from banking_backend.domain.views import TransferView
from banking_backend.services import audit
from banking_backend.services.retrying import in_transaction
from banking_backend.services.transfers import book, check_limits, route_for, transfer_view
from banking_backend.unit_of_work import SqlUnitOfWork


def run_scheduled_transfers(uow: SqlUnitOfWork, today: date | None = None) -> list[TransferView]:
    """Execute scheduled transfers due on or before `today`; each in its own transaction.
    One that cannot be paid (funds, limits, a closed account) is marked failed, with why."""
    with uow:
        today = today or uow.now().date()
        due = [(t.id, t.customer_id) for t in uow.transfers.due(today)]
    results = []
    for transfer_id, customer_id in due:
        results.append(in_transaction(uow, lambda t=transfer_id, c=customer_id: run_one(uow, c, t)))
    return results


def run_one(uow: SqlUnitOfWork, customer_id: int, transfer_id: int) -> TransferView:
    """Execute one scheduled transfer in the caller's transaction (also used to pay a held
    transfer the bank released, services/transfer_reviews.py)."""
    customer = uow.customers.get_for_update(customer_id)
    row = uow.transfers.owned(customer_id, transfer_id)
    assert customer is not None and row is not None
    uow.session.refresh(row)
    if row.status != "scheduled":
        return transfer_view(uow, row)
    money = Money.from_minor(row.amount_minor, row.currency)
    try:
        route = route_for(uow, customer_id, row.from_account_id, row.to_account_id, row.payee_id, money)
        check_limits(uow, customer_id, route, money)
        with uow.session.begin_nested():
            entry = book(
                uow,
                customer_id=customer_id,
                source_id=route.source.id,
                target_id=route.target.id,
                amount=money,
                description=row.memo or f"Scheduled transfer → {route.counterparty}",
                kind="transfer",
                channel=row.channel,
            )
    except (
        InsufficientFunds,
        LimitExceeded,
        AccountStateError,
        AccountNotFound,
        PayeeNotFound,
        CurrencyMismatch,
    ) as exc:
        row.status, row.failure_reason = "failed", type(exc).__name__
        audit.record(
            uow,
            customer_id,
            "transfer.failed",
            "system",
            transfer_id=row.id,
            reason=row.failure_reason,
        )
        return transfer_view(uow, row)
    row.status, row.journal_entry_id, row.executed_at = "completed", entry.id, uow.now()
    audit.record(
        uow,
        customer_id,
        "transfer.completed",
        "system",
        transfer_id=row.id,
        amount=str(money.amount),
        currency=money.currency,
        scheduled=True,
    )
    return transfer_view(uow, row)


def cancel_scheduled(uow: SqlUnitOfWork, customer_id: int, transfer_id: int, channel: str) -> TransferView:
    with uow:
        uow.customers.get_for_update(customer_id)
        row = uow.transfers.owned(customer_id, transfer_id)
        if row is None:
            raise TransferNotFound()
        if row.status != "scheduled":
            raise InvalidRequest(f"transfer is {row.status}, only a scheduled one can be cancelled")
        row.status = "cancelled"
        audit.record(uow, customer_id, "transfer.cancelled", channel, transfer_id=row.id)
        result = transfer_view(uow, row)
        uow.commit()
        return result
