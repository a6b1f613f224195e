"""Posting journal entries: balanced, and balances updated in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError

from banking_backend import models as m
from banking_backend.domain.errors import UnbalancedEntry
from banking_backend.domain.ledger import EntryDraft
from banking_backend.unit_of_work import SqlUnitOfWork

# The bank's own accounts, one per purpose and currency.
CLEARING = "clearing"  # outgoing payments to other banks, awaiting settlement
FUNDING = "funding"  # money arriving from outside (salaries, opening deposits)
MERCHANT_SETTLEMENT = "merchant_settlement"  # card purchases owed to merchants
INTERNAL_NAMES = {
    CLEARING: "Outgoing payments clearing",
    FUNDING: "Incoming payments",
    MERCHANT_SETTLEMENT: "Card merchant settlement",
}


def internal_account(uow: SqlUnitOfWork, code: str, currency: str) -> m.Account:
    """The bank's `code` account in `currency`, opened on first use."""
    account = uow.accounts.internal(code, currency)
    if account is not None:
        return account
    # Two transactions may open it at once: the loser's savepoint rolls back, and it reads
    # the winner's row (READ COMMITTED sees it once the unique index has made it wait).
    try:
        with uow.session.begin_nested():
            account = uow.accounts.add(
                m.Account(
                    customer_id=None,
                    kind="internal",
                    name=f"{INTERNAL_NAMES.get(code, code)} {currency}",
                    number=f"INT-{code.upper()}-{currency}",
                    currency=currency,
                    status="open",
                    overdraft_allowed=False,
                    overdraft_limit_minor=0,
                    balance_minor=0,
                    internal_code=code,
                    opened_at=uow.now(),
                )
            )
    except IntegrityError:
        account = uow.accounts.internal(code, currency)
        if account is None:
            raise
    return account


def post(
    uow: SqlUnitOfWork,
    draft: EntryDraft,
    locked: Mapping[int, m.Account],
    channel: str = "system",
    posted_at: object = None,
) -> m.JournalEntry:
    """Write `draft` and move the balances of its (already locked) accounts.

    The domain check comes first; the database CHECK on each account's balance and, on
    PostgreSQL, the deferred trigger on postings check again.
    """
    draft.check_balanced()
    postings = []
    for leg in draft.legs:
        account = locked.get(leg.account_id)
        if account is None:
            raise UnbalancedEntry(f"account {leg.account_id} was not locked for this entry")
        if account.currency != leg.amount.currency:
            raise UnbalancedEntry("posting currency differs from the account's")
        account.balance_minor += leg.amount.minor
        postings.append(
            m.Posting(account_id=account.id, currency=account.currency, amount_minor=leg.amount.minor)
        )
    entry = m.JournalEntry(
        posted_at=posted_at or uow.now(),
        kind=draft.kind,
        description=draft.description,
        merchant=draft.merchant,
        channel=channel,
    )
    return uow.ledger.add_entry(entry, postings)


def deposit(
    uow: SqlUnitOfWork,
    account_id: int,
    amount: object,
    currency: str,
    description: str = "Deposit",
    channel: str = "system",
) -> m.JournalEntry:
    """Money arriving from outside the bank (a salary, a cash deposit): staff tools, tests."""
    from banking_backend.domain.money import Money

    money = Money.positive(amount, currency)
    with uow:
        funding = internal_account(uow, FUNDING, currency)
        locked = uow.accounts.lock([account_id, funding.id])
        if account_id not in locked:
            raise UnbalancedEntry("no such account")
        draft = EntryDraft(description=description, kind="deposit").move(funding.id, account_id, money)
        entry = post(uow, draft, locked, channel)
        uow.commit()
        return entry
