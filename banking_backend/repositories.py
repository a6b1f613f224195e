"""Repositories: the only place that queries the bank's tables. Every customer-facing lookup
takes the owner's id, so a wrong id finds nothing rather than someone else's data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from banking_backend import models as m


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _locks_rows(self) -> bool:
        # SQLite has no row locks; its transactions take the write lock at BEGIN IMMEDIATE.
        return self.session.get_bind().dialect.name != "sqlite"


class CustomerRepository(_Repository):
    def get(self, customer_id: int) -> m.Customer | None:
        return self.session.get(m.Customer, customer_id)

    def get_for_update(self, customer_id: int) -> m.Customer | None:
        stmt = select(m.Customer).where(m.Customer.id == customer_id)
        if self._locks_rows:
            stmt = stmt.with_for_update()
        return self.session.scalars(stmt).one_or_none()

    def by_username(self, username: str) -> m.Customer | None:
        return self.session.scalars(select(m.Customer).where(m.Customer.username == username)).one_or_none()

    def by_phone(self, e164: str) -> m.Customer | None:
        return self.session.scalars(select(m.Customer).where(m.Customer.phone_e164 == e164)).one_or_none()

    def by_telegram_id(self, telegram_user_id: int) -> m.Customer | None:
        return self.session.scalars(
            select(m.Customer).where(m.Customer.telegram_user_id == telegram_user_id)
        ).one_or_none()

    def all(self) -> Sequence[m.Customer]:
        return self.session.scalars(select(m.Customer).order_by(m.Customer.id)).all()

    def add(self, customer: m.Customer) -> m.Customer:
        self.session.add(customer)
        self.session.flush()
        return customer


class AccountRepository(_Repository):
    def owned(self, customer_id: int, account_id: int) -> m.Account | None:
        return self.session.scalars(
            select(m.Account).where(m.Account.id == account_id, m.Account.customer_id == customer_id)
        ).one_or_none()

    def get(self, account_id: int) -> m.Account | None:
        return self.session.get(m.Account, account_id)

    def for_customer(self, customer_id: int) -> Sequence[m.Account]:
        return self.session.scalars(
            select(m.Account).where(m.Account.customer_id == customer_id).order_by(m.Account.id)
        ).all()

    def by_number(self, number: str) -> m.Account | None:
        return self.session.scalars(select(m.Account).where(m.Account.number == number)).one_or_none()

    def internal(self, code: str, currency: str) -> m.Account | None:
        return self.session.scalars(
            select(m.Account).where(m.Account.internal_code == code, m.Account.currency == currency)
        ).one_or_none()

    def lock(self, account_ids: Sequence[int]) -> dict[int, m.Account]:
        """Lock the rows in ascending id order, the one order every transaction uses, so two
        transfers in opposite directions wait for each other instead of deadlocking."""
        ids = sorted(set(account_ids))
        stmt = select(m.Account).where(m.Account.id.in_(ids)).order_by(m.Account.id)
        if self._locks_rows:
            stmt = stmt.with_for_update()
        # populate_existing: after waiting for the lock, see the balance the other one committed.
        rows = self.session.scalars(stmt.execution_options(populate_existing=True)).all()
        return {row.id: row for row in rows}

    def all(self) -> Sequence[m.Account]:
        return self.session.scalars(select(m.Account).order_by(m.Account.id)).all()

    def add(self, account: m.Account) -> m.Account:
        self.session.add(account)
        self.session.flush()
        return account


class LedgerRepository(_Repository):
    def add_entry(self, entry: m.JournalEntry, postings: Sequence[m.Posting]) -> m.JournalEntry:
        self.session.add(entry)
        self.session.flush()
        for posting in postings:
            posting.entry_id = entry.id
        self.session.add_all(postings)
        self.session.flush()
        return entry

    def history(
        self,
        account_ids: Sequence[int],
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 20,
    ) -> Sequence[tuple[m.Posting, m.JournalEntry]]:
        stmt = (
            select(m.Posting, m.JournalEntry)
            .join(m.JournalEntry, m.JournalEntry.id == m.Posting.entry_id)
            .where(m.Posting.account_id.in_(list(account_ids)))
        )
        if since is not None:
            stmt = stmt.where(m.JournalEntry.posted_at >= since)
        if until is not None:
            stmt = stmt.where(m.JournalEntry.posted_at < until)
        stmt = stmt.order_by(m.JournalEntry.posted_at.desc(), m.Posting.id.desc()).limit(limit)
        return [(p, e) for p, e in self.session.execute(stmt).all()]

    def sum_for_account(self, account_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.coalesce(func.sum(m.Posting.amount_minor), 0)).where(
                    m.Posting.account_id == account_id
                )
            )
        )

    def owned_posting(self, customer_id: int, posting_id: int) -> tuple[m.Posting, m.JournalEntry] | None:
        """One posting on one of the customer's accounts, with its entry; else None."""
        row = self.session.execute(
            select(m.Posting, m.JournalEntry)
            .join(m.JournalEntry, m.JournalEntry.id == m.Posting.entry_id)
            .join(m.Account, m.Account.id == m.Posting.account_id)
            .where(m.Posting.id == posting_id, m.Account.customer_id == customer_id)
        ).one_or_none()
        return (row[0], row[1]) if row is not None else None

    def unbalanced_entries(self) -> list[int]:
        stmt = (
            select(m.Posting.entry_id)
            .group_by(m.Posting.entry_id, m.Posting.currency)
            .having(func.sum(m.Posting.amount_minor) != 0)
        )
        return list(self.session.scalars(stmt).all())


class PayeeRepository(_Repository):
    def owned(self, customer_id: int, payee_id: int) -> m.Payee | None:
        return self.session.scalars(
            select(m.Payee).where(m.Payee.id == payee_id, m.Payee.customer_id == customer_id)
        ).one_or_none()

    def for_customer(self, customer_id: int) -> Sequence[m.Payee]:
        return self.session.scalars(
            select(m.Payee).where(m.Payee.customer_id == customer_id).order_by(m.Payee.id)
        ).all()

    def by_number(self, customer_id: int, number: str) -> m.Payee | None:
        return self.session.scalars(
            select(m.Payee).where(m.Payee.customer_id == customer_id, m.Payee.account_number == number)
        ).one_or_none()

    def add(self, payee: m.Payee) -> m.Payee:
        self.session.add(payee)
        self.session.flush()
        return payee


class TransferRepository(_Repository):
    def by_key(self, customer_id: int, key: str) -> m.Transfer | None:
        return self.session.scalars(
            select(m.Transfer)
            .where(m.Transfer.customer_id == customer_id, m.Transfer.idempotency_key == key)
            .execution_options(populate_existing=True)
        ).one_or_none()

    def owned(self, customer_id: int, transfer_id: int) -> m.Transfer | None:
        return self.session.scalars(
            select(m.Transfer).where(m.Transfer.id == transfer_id, m.Transfer.customer_id == customer_id)
        ).one_or_none()

    def sent_between(self, customer_id: int, currency: str, start: datetime, end: datetime) -> int:
        """Minor units this customer sent to others (counting toward the daily limit)."""
        return int(
            self.session.scalar(
                select(func.coalesce(func.sum(m.Transfer.amount_minor), 0)).where(
                    m.Transfer.customer_id == customer_id,
                    m.Transfer.currency == currency,
                    m.Transfer.status == "completed",
                    m.Transfer.counts_toward_limit.is_(True),
                    m.Transfer.executed_at >= start,
                    m.Transfer.executed_at < end,
                )
            )
        )

    def to_others_created_since(self, customer_id: int, since: datetime) -> int:
        """Transfers to others this customer asked for since `since` that were paid, held or
        scheduled (refused ones never got a row)."""
        return int(
            self.session.scalar(
                select(func.count()).where(
                    m.Transfer.customer_id == customer_id,
                    m.Transfer.counts_toward_limit.is_(True),
                    m.Transfer.status.in_(("completed", "held", "scheduled")),
                    m.Transfer.created_at >= since,
                )
            )
        )

    def held(self) -> Sequence[m.Transfer]:
        return self.session.scalars(
            select(m.Transfer).where(m.Transfer.status == "held").order_by(m.Transfer.id)
        ).all()

    def due(self, on_or_before: object) -> Sequence[m.Transfer]:
        return self.session.scalars(
            select(m.Transfer)
            .where(m.Transfer.status == "scheduled", m.Transfer.scheduled_for <= on_or_before)
            .order_by(m.Transfer.id)
        ).all()

    def for_customer(self, customer_id: int, limit: int = 20) -> Sequence[m.Transfer]:
        return self.session.scalars(
            select(m.Transfer)
            .where(m.Transfer.customer_id == customer_id)
            .order_by(m.Transfer.id.desc())
            .limit(limit)
        ).all()

    def add(self, transfer: m.Transfer) -> m.Transfer:
        self.session.add(transfer)
        self.session.flush()
        return transfer


class CardRepository(_Repository):
    def owned(self, customer_id: int, card_id: int) -> m.Card | None:
        return self.session.scalars(
            select(m.Card).where(m.Card.id == card_id, m.Card.customer_id == customer_id)
        ).one_or_none()

    def for_customer(self, customer_id: int) -> Sequence[m.Card]:
        return self.session.scalars(
            select(m.Card).where(m.Card.customer_id == customer_id).order_by(m.Card.id)
        ).all()

    def add(self, card: m.Card) -> m.Card:
        self.session.add(card)
        self.session.flush()
        return card


class StatementRepository(_Repository):
    def latest(self, account_id: int) -> m.Statement | None:
        return self.session.scalars(
            select(m.Statement)
            .where(m.Statement.account_id == account_id)
            .order_by(m.Statement.period_end.desc(), m.Statement.id.desc())
            .limit(1)
        ).first()

    def add(self, statement: m.Statement) -> m.Statement:
        self.session.add(statement)
        self.session.flush()
        return statement


class CodeRepository(_Repository):
    def active(self, customer_id: int, purpose: str) -> Sequence[m.OneTimeCode]:
        return self.session.scalars(
            select(m.OneTimeCode).where(
                m.OneTimeCode.customer_id == customer_id,
                m.OneTimeCode.purpose == purpose,
                m.OneTimeCode.verified_at.is_(None),
                m.OneTimeCode.superseded_at.is_(None),
            )
        ).all()

    def latest(self, customer_id: int, purpose: str) -> m.OneTimeCode | None:
        return self.session.scalars(
            select(m.OneTimeCode)
            .where(m.OneTimeCode.customer_id == customer_id, m.OneTimeCode.purpose == purpose)
            .order_by(m.OneTimeCode.id.desc())
            .limit(1)
        ).first()

    def by_token_hash(self, token_hash: str) -> m.OneTimeCode | None:
        return self.session.scalars(
            select(m.OneTimeCode).where(m.OneTimeCode.token_hash == token_hash)
        ).one_or_none()

    def add(self, code: m.OneTimeCode) -> m.OneTimeCode:
        self.session.add(code)
        self.session.flush()
        return code


class TicketRepository(_Repository):
    def owned(self, customer_id: int, ticket_id: int) -> m.Ticket | None:
        return self.session.scalars(
            select(m.Ticket).where(m.Ticket.id == ticket_id, m.Ticket.customer_id == customer_id)
        ).one_or_none()

    def by_reference(self, customer_id: int, reference: str) -> m.Ticket | None:
        return self.session.scalars(
            select(m.Ticket).where(m.Ticket.reference == reference, m.Ticket.customer_id == customer_id)
        ).one_or_none()

    def for_customer(self, customer_id: int) -> Sequence[m.Ticket]:
        return self.session.scalars(
            select(m.Ticket).where(m.Ticket.customer_id == customer_id).order_by(m.Ticket.id)
        ).all()

    def all(self, status: str | None = None) -> Sequence[m.Ticket]:
        stmt = select(m.Ticket).order_by(m.Ticket.id)
        if status is not None:
            stmt = stmt.where(m.Ticket.status == status)
        return self.session.scalars(stmt).all()

    def add(self, ticket: m.Ticket) -> m.Ticket:
        self.session.add(ticket)
        self.session.flush()
        return ticket


class AuditRepository(_Repository):
    def add(self, record: m.AuditRecord) -> m.AuditRecord:
        self.session.add(record)
        self.session.flush()
        return record

    def for_actor(self, customer_id: int, limit: int = 50) -> Sequence[m.AuditRecord]:
        return self.session.scalars(
            select(m.AuditRecord)
            .where(m.AuditRecord.actor_customer_id == customer_id)
            .order_by(m.AuditRecord.id.desc())
            .limit(limit)
        ).all()

    def recent(self, limit: int = 100) -> Sequence[m.AuditRecord]:
        return self.session.scalars(
            select(m.AuditRecord).order_by(m.AuditRecord.id.desc()).limit(limit)
        ).all()


class PendingOperationRepository(_Repository):
    def owned_for_update(self, customer_id: int, operation_id: int) -> m.PendingOperation | None:
        """Another customer's operation is not found: its id says nothing."""
        stmt = select(m.PendingOperation).where(
            m.PendingOperation.id == operation_id, m.PendingOperation.customer_id == customer_id
        )
        if self._locks_rows:
            stmt = stmt.with_for_update()
        return self.session.scalars(stmt).one_or_none()

    def pending_for_customer(self, customer_id: int) -> Sequence[m.PendingOperation]:
        return self.session.scalars(
            select(m.PendingOperation).where(
                m.PendingOperation.customer_id == customer_id, m.PendingOperation.status == "pending"
            )
        ).all()

    def pending_with_key(self, customer_id: int, key: str) -> Sequence[m.PendingOperation]:
        return self.session.scalars(
            select(m.PendingOperation).where(
                m.PendingOperation.customer_id == customer_id,
                m.PendingOperation.idempotency_key == key,
                m.PendingOperation.status == "pending",
            )
        ).all()

    def add(self, operation: m.PendingOperation) -> m.PendingOperation:
        self.session.add(operation)
        self.session.flush()
        return operation


class ProfileRepository(_Repository):
    def get(self, customer_id: int) -> m.CustomerProfile | None:
        return self.session.get(m.CustomerProfile, customer_id)

    def get_or_add(self, customer_id: int) -> m.CustomerProfile:
        """The customer's profile, made with the defaults if they have none yet."""
        profile = self.get(customer_id)
        if profile is None:
            profile = m.CustomerProfile(customer_id=customer_id, preferred_channel="web", segment="standard")
            self.session.add(profile)
            self.session.flush()
        return profile


class PhoneChangeRepository(_Repository):
    def pending(self, customer_id: int) -> Sequence[m.PhoneChange]:
        return self.session.scalars(
            select(m.PhoneChange)
            .where(m.PhoneChange.customer_id == customer_id, m.PhoneChange.status == "pending")
            .order_by(m.PhoneChange.id)
        ).all()

    def add(self, change: m.PhoneChange) -> m.PhoneChange:
        self.session.add(change)
        self.session.flush()
        return change


class ReferenceRepository(_Repository):
    """The reference tables the bank edits: rates, branches and their hours, products, fees."""

    def rate(self, base: str, quote: str, on: date) -> m.ExchangeRate | None:
        """The newest rate for base/quote published on or before `on`."""
        return self.session.scalars(
            select(m.ExchangeRate)
            .where(
                m.ExchangeRate.base_currency == base,
                m.ExchangeRate.quote_currency == quote,
                m.ExchangeRate.as_of <= on,
            )
            .order_by(m.ExchangeRate.as_of.desc())
            .limit(1)
        ).first()

    def rates_on(self, on: date) -> Sequence[m.ExchangeRate]:
        """Every pair's newest rate on or before `on`."""
        newest = (
            select(
                m.ExchangeRate.base_currency,
                m.ExchangeRate.quote_currency,
                func.max(m.ExchangeRate.as_of).label("as_of"),
            )
            .where(m.ExchangeRate.as_of <= on)
            .group_by(m.ExchangeRate.base_currency, m.ExchangeRate.quote_currency)
            .subquery()
        )
        return self.session.scalars(
            select(m.ExchangeRate)
            .join(
                newest,
                (newest.c.base_currency == m.ExchangeRate.base_currency)
                & (newest.c.quote_currency == m.ExchangeRate.quote_currency)
                & (newest.c.as_of == m.ExchangeRate.as_of),
            )
            .order_by(m.ExchangeRate.base_currency, m.ExchangeRate.quote_currency)
        ).all()

    def branches(self) -> Sequence[m.Branch]:
        return self.session.scalars(select(m.Branch).order_by(m.Branch.id)).all()

    def branch_by_code(self, code: str) -> m.Branch | None:
        return self.session.scalars(select(m.Branch).where(m.Branch.code == code)).one_or_none()

    def hours(self, branch_ids: Sequence[int]) -> Sequence[m.BranchHours]:
        return self.session.scalars(
            select(m.BranchHours)
            .where(m.BranchHours.branch_id.in_(list(branch_ids)))
            .order_by(m.BranchHours.branch_id, m.BranchHours.weekday)
        ).all()

    def products(self, on: date) -> list[m.Product]:
        """Each product code's row in effect on `on`."""
        rows = self.session.scalars(
            select(m.Product)
            .where(m.Product.effective_from <= on)
            .order_by(m.Product.code, m.Product.effective_from.desc())
        ).all()
        return _newest_per_key(rows, lambda r: r.code)

    def fees(self, on: date) -> list[m.Fee]:
        """Each (fee code, currency)'s row in effect on `on`."""
        rows = self.session.scalars(
            select(m.Fee)
            .where(m.Fee.effective_from <= on)
            .order_by(m.Fee.code, m.Fee.currency, m.Fee.effective_from.desc())
        ).all()
        return _newest_per_key(rows, lambda r: (r.code, r.currency))

    def add(self, row: object) -> None:
        self.session.add(row)
        self.session.flush()


R = TypeVar("R")


def _newest_per_key(rows: Sequence[R], key: Callable[[R], object]) -> list[R]:
    """Rows ordered newest first within each key: the first of each key."""
    seen: set[object] = set()
    result: list[R] = []
    for row in rows:
        if key(row) not in seen:
            seen.add(key(row))
            result.append(row)
    return result
