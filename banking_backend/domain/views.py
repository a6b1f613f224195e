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
    segment: str = "standard"  # or "premium" (fee waivers)
    # Web and REST session tokens issued before this moment are refused (sign out everywhere).
    sessions_valid_after: datetime | None = None


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
    # Status 'held': the risk signals that stopped it for the bank's review (domain/risk.py).
    hold_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TransferCheck:
    step_up_required: bool
    reasons: tuple[str, ...]
    purpose: str
    counterparty: str
    amount: Decimal
    currency: str
    available_after: Decimal
    # Non-empty: the transfer will be held for the bank's review rather than paid at once.
    hold_reasons: tuple[str, ...] = ()


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
    disputed_transaction_id: int | None = None  # a posting id (TransactionView.id)


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    actor_customer_id: int | None
    action: str
    details: dict[str, object]
    channel: str


@dataclass(frozen=True, slots=True)
class ProfileView:
    """The customer's own profile as they may see it (their own data, unmasked)."""

    customer_id: int
    name: str
    language: str
    phone: str
    email: str | None
    address: str | None
    preferred_channel: str
    segment: str
    telegram_linked: bool
    phone_changed_at: datetime | None
    address_changed_at: datetime | None


@dataclass(frozen=True, slots=True)
class PhoneChangeView:
    id: int
    status: str  # pending, completed, cancelled, expired
    new_phone_masked: str
    old_number_verified: bool
    new_number_verified: bool
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class SignedOutEverywhere:
    """What `security.sign_out_everywhere` ended."""

    customer_id: int
    at: datetime  # web and REST sessions issued before this are refused
    telegram_unlinked: bool


@dataclass(frozen=True, slots=True)
class RateView:
    base: str
    quote: str
    rate: Decimal  # one `base` is `rate` `quote` (a mid rate)
    as_of: date
    derived: str = "direct"  # direct, inverse (1 / quote->base) or cross (through USD)


@dataclass(frozen=True, slots=True)
class ConversionView:
    amount: Decimal
    currency: str
    converted: Decimal  # rounded half-up to `to_currency`'s minor units
    to_currency: str
    rate: RateView


@dataclass(frozen=True, slots=True)
class OpeningHours:
    weekday: int  # 0 Monday .. 6 Sunday
    opens: str  # "09:00", local time
    closes: str  # "17:00"; "24:00" for an ATM open all day


@dataclass(frozen=True, slots=True)
class BranchView:
    code: str
    kind: str  # branch or atm
    name: dict[str, str]  # {"en": ..., "zh": ...}
    city: dict[str, str]
    district: dict[str, str]
    address: dict[str, str]
    timezone: str
    phone: str | None
    services: tuple[str, ...]
    hours: tuple[OpeningHours, ...]  # days without a row are closed
    updated_on: date

    def hours_on(self, weekday: int) -> OpeningHours | None:
        return next((h for h in self.hours if h.weekday == weekday), None)


@dataclass(frozen=True, slots=True)
class ProductView:
    code: str
    kind: str  # savings, deposit, loan, card
    name: dict[str, str]
    currency: str
    rate_percent: Decimal  # per cent a year
    rate_kind: str  # aer (savings), fixed (term deposits, loans), apr (cards, loans)
    term_months: int | None
    minimum: Decimal
    effective_from: date


@dataclass(frozen=True, slots=True)
class FeeView:
    code: str
    category: str
    name: dict[str, str]
    currency: str
    amount: Decimal | None  # a fixed fee, or
    percent: Decimal | None  # a percentage of the amount, between minimum and maximum
    minimum: Decimal | None
    maximum: Decimal | None
    premium_waived: bool
    effective_from: date
    waived: bool = False  # True when asked for a premium customer and the fee is waived for them


@dataclass(frozen=True, slots=True)
class TransferLimitsView:
    currency: str
    per_transfer: Decimal
    daily: Decimal
    step_up_threshold: Decimal
    sent_today: Decimal | None = None  # for a customer: already sent to others today (UTC)
    remaining_today: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CardLimitView:
    card_id: int | None  # None: the bank's bounds for a kind of card
    kind: str
    last4: str | None
    currency: str
    daily_limit: Decimal | None  # the card's own daily limit
    minimum: Decimal
    maximum: Decimal


@dataclass(frozen=True, slots=True)
class LimitsView:
    transfers: tuple[TransferLimitsView, ...]
    cards: tuple[CardLimitView, ...]
