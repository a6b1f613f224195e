"""The unit of work: one session, one transaction. `with uow: ...; uow.commit()`;
leaving the block without commit rolls back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from banking_backend import repositories as r


def utc_now() -> datetime:
    return datetime.now(UTC)


class SqlUnitOfWork:
    """Reusable: each outermost `with` opens a fresh session. Nested `with` blocks share the
    outer session (so a caller can group service calls); only the outermost one closes it."""

    session: Session
    customers: r.CustomerRepository
    accounts: r.AccountRepository
    ledger: r.LedgerRepository
    payees: r.PayeeRepository
    transfers: r.TransferRepository
    cards: r.CardRepository
    statements: r.StatementRepository
    codes: r.CodeRepository
    tickets: r.TicketRepository
    audit: r.AuditRepository
    pending: r.PendingOperationRepository
    profiles: r.ProfileRepository
    phone_changes: r.PhoneChangeRepository
    reference: r.ReferenceRepository

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock or utc_now
        self._depth = 0

    @property
    def active(self) -> bool:
        return self._depth > 0

    @property
    def nested(self) -> bool:
        return self._depth > 1

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes")
        return now.astimezone(UTC)

    def __enter__(self) -> SqlUnitOfWork:
        if self._depth == 0:
            self.session = self._session_factory()
            self.customers = r.CustomerRepository(self.session)
            self.accounts = r.AccountRepository(self.session)
            self.ledger = r.LedgerRepository(self.session)
            self.payees = r.PayeeRepository(self.session)
            self.transfers = r.TransferRepository(self.session)
            self.cards = r.CardRepository(self.session)
            self.statements = r.StatementRepository(self.session)
            self.codes = r.CodeRepository(self.session)
            self.tickets = r.TicketRepository(self.session)
            self.audit = r.AuditRepository(self.session)
            self.pending = r.PendingOperationRepository(self.session)
            self.profiles = r.ProfileRepository(self.session)
            self.phone_changes = r.PhoneChangeRepository(self.session)
            self.reference = r.ReferenceRepository(self.session)
        self._depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._depth -= 1
        if self._depth == 0:
            try:
                self.session.rollback()
            finally:
                self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
