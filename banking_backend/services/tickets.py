"""Complaint tickets: a reference the customer can quote, a severity-based SLA, the
conversation it came from."""

from __future__ import annotations

import uuid

from banking_backend import models as m
from banking_backend.domain.errors import InvalidRequest, TicketNotFound, TransactionNotFound
from banking_backend.domain.money import Money
from banking_backend.domain.products import (
    TICKET_CATEGORIES,
    TICKET_SEVERITIES,
    TICKET_SLA,
    TICKET_STATUSES,
    mask_number,
)
from banking_backend.domain.views import TicketView
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork


def view(row: m.Ticket) -> TicketView:
    return TicketView(
        id=row.id,
        reference=row.reference,
        category=row.category,
        severity=row.severity,
        status=row.status,
        subject=row.subject,
        description=row.description,
        sla_due_at=row.sla_due_at,
        conversation_id=row.conversation_id,
        channel=row.channel,
        created_at=row.created_at,
        disputed_transaction_id=row.disputed_posting_id,
    )


def open_ticket(
    uow: SqlUnitOfWork,
    customer_id: int,
    *,
    category: str,
    severity: str,
    subject: str,
    description: str,
    channel: str,
    conversation_id: str | None = None,
    disputed_transaction_id: int | None = None,
) -> TicketView:
    """`disputed_transaction_id`: one of the customer's own transactions (TransactionView.id),
    else TransactionNotFound."""
    if category not in TICKET_CATEGORIES:
        category = "other"
    if severity not in TICKET_SEVERITIES:
        raise InvalidRequest(f"severity must be one of {', '.join(TICKET_SEVERITIES)}")
    subject = " ".join(subject.split())[:200] or "Complaint"
    with uow:
        if uow.customers.get(customer_id) is None:
            raise TicketNotFound()
        disputed = None
        if disputed_transaction_id is not None:
            disputed = uow.ledger.owned_posting(customer_id, int(disputed_transaction_id))
            if disputed is None:
                raise TransactionNotFound()
        now = uow.now()
        row = uow.tickets.add(
            m.Ticket(
                reference=f"TMP-{uuid.uuid4().hex[:20]}",
                customer_id=customer_id,
                category=category,
                severity=severity,
                status="open",
                subject=subject,
                description=description.strip(),
                conversation_id=conversation_id,
                channel=channel,
                sla_due_at=now + TICKET_SLA[severity],
                created_at=now,
                disputed_posting_id=disputed[0].id if disputed else None,
            )
        )
        # The number comes from the row id, so it is unique without a separate counter.
        row.reference = f"CMP-{now.year}-{row.id:06d}"
        audit.record(
            uow,
            customer_id,
            "ticket.opened",
            channel,
            reference=row.reference,
            category=category,
            severity=severity,
            conversation_id=conversation_id,
            **_disputed_details(uow, disputed),
        )
        result = view(row)
        uow.commit()
        return result


def _disputed_details(uow: SqlUnitOfWork, disputed: tuple[m.Posting, m.JournalEntry] | None) -> dict:
    if disputed is None:
        return {}
    posting, entry = disputed
    account = uow.accounts.get(posting.account_id)
    return {
        "disputed_transaction_id": posting.id,
        "disputed_amount": str(Money.from_minor(posting.amount_minor, posting.currency)),
        "disputed_on": entry.posted_at.date().isoformat(),
        "disputed_account": mask_number(account.number) if account else None,
        "merchant": entry.merchant,
    }


def open_fraud_ticket(
    uow: SqlUnitOfWork,
    customer_id: int,
    disputed_transaction_id: int,
    *,
    description: str,
    channel: str,
    conversation_id: str | None = None,
) -> TicketView:
    """Money the customer did not authorise: a high-severity fraud ticket (the shortest SLA)
    recording the disputed transaction, one of the customer's own (else TransactionNotFound)."""
    return open_ticket(
        uow,
        customer_id,
        category="fraud",
        severity="high",
        subject="Unauthorised transaction reported",
        description=description or "The customer does not recognise this transaction.",
        channel=channel,
        conversation_id=conversation_id,
        disputed_transaction_id=disputed_transaction_id,
    )


def list_tickets(uow: SqlUnitOfWork, customer_id: int) -> list[TicketView]:
    with uow:
        return [view(t) for t in uow.tickets.for_customer(customer_id)]


def get_ticket(uow: SqlUnitOfWork, customer_id: int, reference: str) -> TicketView:
    with uow:
        row = uow.tickets.by_reference(customer_id, reference.strip().upper())
        if row is None:
            raise TicketNotFound()
        return view(row)


def list_all_tickets(uow: SqlUnitOfWork, status: str | None = None) -> list[TicketView]:
    """For staff (the supervisor console), not for customers."""
    with uow:
        return [view(t) for t in uow.tickets.all(status)]


def set_status(
    uow: SqlUnitOfWork,
    ticket_id: int,
    status: str,
    *,
    channel: str = "console",
    staff: str | None = None,
) -> TicketView:
    """Staff move a ticket along (open → in_progress → resolved → closed)."""
    if status not in TICKET_STATUSES:
        raise InvalidRequest(f"status must be one of {', '.join(TICKET_STATUSES)}")
    with uow:
        row = uow.session.get(m.Ticket, ticket_id)
        if row is None:
            raise TicketNotFound()
        previous, row.status = row.status, status
        audit.record(
            uow,
            None,
            "ticket.status_changed",
            channel,
            reference=row.reference,
            previous=previous,
            status=status,
            staff=staff,
        )
        result = view(row)
        uow.commit()
        return result
