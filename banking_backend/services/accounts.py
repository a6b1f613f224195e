"""Accounts: what a customer holds, their balances and recent transactions."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from banking_backend import models as m
from banking_backend.domain.errors import AccountNotFound, InvalidRequest
from banking_backend.domain.money import Money
from banking_backend.domain.products import ACCOUNT_KINDS, mask_number
from banking_backend.domain.views import AccountView, TransactionView
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork


def available_minor(account: m.Account) -> int:
    """What may still leave the account: balance plus any overdraft (or credit) limit."""
    limit = account.overdraft_limit_minor if account.overdraft_allowed else 0
    return account.balance_minor + limit


def view(account: m.Account) -> AccountView:
    currency = account.currency
    return AccountView(
        id=account.id,
        kind=account.kind,
        name=account.name,
        currency=currency,
        balance=Money.from_minor(account.balance_minor, currency).amount,
        available=Money.from_minor(available_minor(account), currency).amount,
        masked_number=mask_number(account.number),
        last4=account.number[-4:],
        status=account.status,
        overdraft_limit=Money.from_minor(account.overdraft_limit_minor, currency).amount,
    )


def owned_account(uow: SqlUnitOfWork, customer_id: int, account_id: int) -> m.Account:
    account = uow.accounts.owned(customer_id, account_id)
    if account is None:
        raise AccountNotFound()
    return account


def list_accounts(uow: SqlUnitOfWork, customer_id: int) -> list[AccountView]:
    with uow:
        return [view(a) for a in uow.accounts.for_customer(customer_id)]


def get_account(uow: SqlUnitOfWork, customer_id: int, account_id: int) -> AccountView:
    with uow:
        return view(owned_account(uow, customer_id, account_id))


def recent_transactions(
    uow: SqlUnitOfWork,
    customer_id: int,
    account_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 20,
) -> list[TransactionView]:
    """Newest first. Without `account_id`, across all the customer's accounts."""
    limit = max(1, min(int(limit), 500))
    with uow:
        if account_id is not None:
            account_ids = [owned_account(uow, customer_id, account_id).id]
        else:
            account_ids = [a.id for a in uow.accounts.for_customer(customer_id)]
        if not account_ids:
            return []
        rows = uow.ledger.history(account_ids, since=since, until=until, limit=limit)
        return [
            TransactionView(
                id=posting.id,
                entry_id=entry.id,
                account_id=posting.account_id,
                at=entry.posted_at,
                description=entry.description,
                merchant=entry.merchant,
                amount=Money.from_minor(posting.amount_minor, posting.currency).amount,
                currency=posting.currency,
                kind=entry.kind,
            )
            for posting, entry in rows
        ]


def new_account_number() -> str:
    return "62" + "".join(secrets.choice("0123456789") for _ in range(10))


def open_account(
    uow: SqlUnitOfWork,
    customer_id: int,
    kind: str,
    currency: str,
    name: str | None = None,
    *,
    overdraft_limit: Decimal = Decimal(0),
    number: str | None = None,
    channel: str = "system",
) -> AccountView:
    """Open an account (staff, seed and tests; the bot does not open accounts)."""
    if kind not in ACCOUNT_KINDS or kind == "internal":
        raise InvalidRequest(f"unknown account kind {kind!r}")
    limit = Money.of(overdraft_limit, currency)
    if limit.minor < 0:
        raise InvalidRequest("overdraft limit below zero")
    with uow:
        if uow.customers.get(customer_id) is None:
            raise AccountNotFound()
        account = uow.accounts.add(
            m.Account(
                customer_id=customer_id,
                kind=kind,
                name=name or kind.replace("_", " ").title(),
                number=number or new_account_number(),
                currency=currency,
                status="open",
                overdraft_allowed=limit.minor > 0,
                overdraft_limit_minor=limit.minor,
                balance_minor=0,
                internal_code=None,
                opened_at=uow.now(),
            )
        )
        audit.record(
            uow,
            customer_id,
            "account.opened",
            channel,
            account_id=account.id,
            kind=kind,
            currency=currency,
            number=mask_number(account.number),
        )
        result = view(account)
        uow.commit()
        return result
