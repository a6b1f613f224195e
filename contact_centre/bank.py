"""What the console reads from the bank: the customer's profile and recent tickets, through the
bank's public services only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from banking_backend.domain.errors import CustomerNotFound
from banking_backend.services import customers, tickets


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    id: int
    username: str
    name: str
    language: str
    phone_masked: str
    telegram_linked: bool
    status: str
    vulnerable: bool


@dataclass(frozen=True, slots=True)
class TicketSummary:
    reference: str
    category: str
    severity: str
    status: str
    subject: str
    created_at: datetime


class BankLookup(Protocol):
    def profile(self, customer_id: int) -> CustomerProfile | None: ...

    def recent_tickets(self, customer_id: int, limit: int = 5) -> list[TicketSummary]: ...

    def tickets_between(self, since: datetime, until: datetime) -> list[TicketSummary]: ...


class BankingBackendLookup:
    """Over the bank's services. `bank_uow` makes a fresh `banking_backend` unit of work per call
    (e.g. `lambda: SqlUnitOfWork(session_factory)`): the bank's unit of work holds one session,
    and the console calls from several worker threads at once."""

    def __init__(self, bank_uow: Callable[[], object]) -> None:
        self._new_uow = bank_uow

    @property
    def _uow(self) -> object:
        return self._new_uow()

    def profile(self, customer_id: int) -> CustomerProfile | None:
        try:
            c = customers.get_customer(self._uow, customer_id)  # type: ignore[arg-type]
        except CustomerNotFound:
            return None
        return CustomerProfile(
            id=c.id,
            username=c.username,
            name=c.name,
            language=c.language,
            phone_masked=customers.mask_phone(c.phone),
            telegram_linked=c.telegram_id is not None,
            status=c.status,
            vulnerable=c.vulnerable,
        )

    def recent_tickets(self, customer_id: int, limit: int = 5) -> list[TicketSummary]:
        rows = tickets.list_tickets(self._uow, customer_id)  # type: ignore[arg-type]
        rows = sorted(rows, key=lambda t: t.created_at, reverse=True)[:limit]
        return [_summary(t) for t in rows]

    def tickets_between(self, since: datetime, until: datetime) -> list[TicketSummary]:
        rows = tickets.list_all_tickets(self._uow)  # type: ignore[arg-type]
        return [_summary(t) for t in rows if since <= t.created_at < until]


def _summary(t: object) -> TicketSummary:
    return TicketSummary(
        reference=t.reference,  # type: ignore[attr-defined]
        category=t.category,  # type: ignore[attr-defined]
        severity=t.severity,  # type: ignore[attr-defined]
        status=t.status,  # type: ignore[attr-defined]
        subject=t.subject,  # type: ignore[attr-defined]
        created_at=t.created_at,  # type: ignore[attr-defined]
    )
