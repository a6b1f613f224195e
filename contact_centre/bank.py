"""What the console reads from the bank: the customer's profile and recent tickets, transfers held
for review (and the supervisor's release or reject of one), through the bank's public services only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from banking_backend.domain.errors import CustomerNotFound
from banking_backend.services import audit, customers, profile, tickets, transfer_reviews
from kernel.masking import mask_address, mask_email

# The audit records the profile panel lists as the customer's last changes (their details are
# masked by the bank when written).
PROFILE_CHANGES = (
    "profile.address_changed",
    "profile.email_changed",
    "profile.phone_changed",
    "profile.language_changed",
    "profile.channel_changed",
    "security.signed_out_everywhere",
)


@dataclass(frozen=True, slots=True)
class ProfileChange:
    at: datetime
    action: str  # the audit record's name, e.g. "profile.address_changed"
    channel: str
    old: str | None  # masked as the bank recorded it
    new: str | None


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
    # The profile panel (issue 14): contact details masked by the house rule, preferences, segment.
    email_masked: str | None = None
    address_masked: str | None = None
    preferred_channel: str | None = None
    segment: str | None = None
    changes: tuple[ProfileChange, ...] = ()


@dataclass(frozen=True, slots=True)
class TicketSummary:
    reference: str
    category: str
    severity: str
    status: str
    subject: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class HeldTransfer:
    id: int
    customer_id: int
    counterparty: str
    amount: Decimal
    currency: str
    created_at: datetime
    reasons: tuple[str, ...]  # the signals' names (hold_reasons)
    why: tuple[str, ...]  # each signal's why, from the audit's risk.signals record
    status: str = "held"


class BankLookup(Protocol):
    def profile(self, customer_id: int) -> CustomerProfile | None: ...

    def recent_tickets(self, customer_id: int, limit: int = 5) -> list[TicketSummary]: ...

    def tickets_between(self, since: datetime, until: datetime) -> list[TicketSummary]: ...

    def held_transfers(self) -> list[HeldTransfer]: ...

    def release_transfer(self, customer_id: int, transfer_id: int, staff: str) -> str: ...

    def reject_transfer(self, customer_id: int, transfer_id: int, staff: str, why: str) -> str: ...


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
        details = profile.get_profile(self._uow, customer_id)  # type: ignore[arg-type]
        return CustomerProfile(
            id=c.id,
            username=c.username,
            name=c.name,
            language=c.language,
            phone_masked=customers.mask_phone(c.phone),
            telegram_linked=c.telegram_id is not None,
            status=c.status,
            vulnerable=c.vulnerable,
            email_masked=mask_email(details.email) if details.email else None,
            address_masked=mask_address(details.address) if details.address else None,
            preferred_channel=details.preferred_channel,
            segment=details.segment,
            changes=self._changes(customer_id),
        )

    def _changes(self, customer_id: int, limit: int = 5) -> tuple[ProfileChange, ...]:
        records = audit.list_for_customer(self._uow, customer_id, limit=200)  # type: ignore[arg-type]
        wanted = [r for r in records if r.action in PROFILE_CHANGES]
        wanted.sort(key=lambda r: r.at, reverse=True)
        return tuple(
            ProfileChange(r.at, r.action, r.channel, _str(r.details.get("old")), _str(r.details.get("new")))
            for r in wanted[:limit]
        )

    def recent_tickets(self, customer_id: int, limit: int = 5) -> list[TicketSummary]:
        rows = tickets.list_tickets(self._uow, customer_id)  # type: ignore[arg-type]
        rows = sorted(rows, key=lambda t: t.created_at, reverse=True)[:limit]
        return [_summary(t) for t in rows]

    def tickets_between(self, since: datetime, until: datetime) -> list[TicketSummary]:
        rows = tickets.list_all_tickets(self._uow)  # type: ignore[arg-type]
        return [_summary(t) for t in rows if since <= t.created_at < until]

    def held_transfers(self) -> list[HeldTransfer]:
        return [
            HeldTransfer(
                id=h.transfer.id,
                customer_id=h.customer_id,
                counterparty=h.transfer.counterparty,
                amount=h.transfer.amount,
                currency=h.transfer.currency,
                created_at=h.transfer.created_at,
                reasons=h.transfer.hold_reasons,
                why=tuple(str(s.get("why", "")) for s in h.signals),
            )
            for h in transfer_reviews.held_for_review(self._uow)  # type: ignore[arg-type]
        ]

    def release_transfer(self, customer_id: int, transfer_id: int, staff: str) -> str:
        """The transfer's status afterwards (completed, scheduled, or failed with why)."""
        done = transfer_reviews.release(self._uow, customer_id, transfer_id, staff=staff)  # type: ignore[arg-type]
        return done.status

    def reject_transfer(self, customer_id: int, transfer_id: int, staff: str, why: str) -> str:
        done = transfer_reviews.reject(self._uow, customer_id, transfer_id, staff=staff, why=why)  # type: ignore[arg-type]
        return done.status


def _summary(t: object) -> TicketSummary:
    return TicketSummary(
        reference=t.reference,  # type: ignore[attr-defined]
        category=t.category,  # type: ignore[attr-defined]
        severity=t.severity,  # type: ignore[attr-defined]
        status=t.status,  # type: ignore[attr-defined]
        subject=t.subject,  # type: ignore[attr-defined]
        created_at=t.created_at,  # type: ignore[attr-defined]
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)
