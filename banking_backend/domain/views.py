"""Plain frozen values that services return: never ORM objects, safe to pass across threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: int
    username: str
    name: str
    language: str
    phone: str
    telegram_id: int | None
    status: str = "active"
    vulnerable: bool = False


@dataclass(frozen=True, slots=True)
class AccountView:
    id: int
    kind: str
    name: str
    currency: str
    balance: Decimal
    available: Decimal
    masked_number: str
    last4: str
    status: str = "open"
    overdraft_limit: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class TransactionView:
    id: int  # posting id
    entry_id: int
    account_id: int
    at: datetime
    description: str
    merchant: str | None
    amount: Decimal  # positive: money in; negative: money out
    currency: str
    kind: str


@dataclass(frozen=True, slots=True)
class PayeeView:
    id: int
    name: str
    masked_number: str
    last4: str
    internal: bool
    bank_name: str | None
    trusted: bool


@dataclass(frozen=True, slots=True)
class TransferView:
    id: int
    status: str  # completed, scheduled, failed, cancelled
    from_account_id: int
    to_account_id: int | None
    payee_id: int | None
    counterparty: str
    amount: Decimal
    currency: str
    idempotency_key: str
    created_at: datetime
    executed_at: datetime | None
    scheduled_for: date | None
    memo: str | None
    journal_entry_id: int | None
    failure_reason: str | None = None
    replayed: bool = field(default=False, compare=False)  # True when the key was seen before


@dataclass(frozen=True, slots=True)
class TransferCheck:
    step_up_required: bool
    reasons: tuple[str, ...]
    purpose: str
    counterparty: str
    amount: Decimal
    currency: str
    available_after: Decimal


@dataclass(frozen=True, slots=True)
class CardView:
    id: int
    account_id: int
    kind: str
    brand: str
    last4: str
    masked_number: str
    status: str
    block_reason: str | None
    daily_limit: Decimal
    currency: str
    expires: str  # MM/YY
    replacement_ordered: bool


@dataclass(frozen=True, slots=True)
class StatementView:
    id: int
    account_id: int
    currency: str
    period_start: date
    period_end: date
    statement_balance: Decimal
    minimum_due: Decimal
    due_date: date
    paid: Decimal
    remaining_statement: Decimal
    remaining_minimum: Decimal
    current_balance: Decimal  # owed now, including spending since the statement
    credit_limit: Decimal
    available_credit: Decimal


@dataclass(frozen=True, slots=True)
class RepaymentView:
    transfer: TransferView
    statement: StatementView


@dataclass(frozen=True, slots=True)
class TicketView:
    id: int
    reference: str
    category: str
    severity: str
    status: str
    subject: str
    description: str
    sla_due_at: datetime
    conversation_id: str | None
    channel: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    actor_customer_id: int | None
    action: str
    details: dict[str, object]
    channel: str
