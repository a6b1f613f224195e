"""SQLAlchemy 2 models: the bank's tables. Money columns hold integer minor units."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kernel.db import UTCDateTime, declarative_base

Base = declarative_base()


class ScaledDecimal(TypeDecorator[Decimal]):
    """An exact Decimal stored as an integer times 10**places: SQLite has no exact decimal
    column (SQLAlchemy would pass it through a float), and money rules forbid floats."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places

    def process_bind_param(self, value: Decimal | None, dialect: object) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError("a scaled decimal column takes a Decimal")
        scaled = value.scaleb(self.places)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: object) -> Decimal | None:
        return None if value is None else Decimal(value).scaleb(-self.places)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("language IN ('en', 'zh')", name="language"),
        CheckConstraint("status IN ('active', 'locked', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="en")
    phone_e164: Mapped[str] = mapped_column(String(16), unique=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    vulnerable: Mapped[bool] = mapped_column(Boolean, default=False)
    marketing_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Account(Base):
    """A customer's account, or (customer_id NULL, kind 'internal') one of the bank's own.

    For a credit card, `overdraft_limit_minor` is the credit limit: the balance is what the
    customer owes, negative, and may go down to minus the limit.
    """

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("kind IN ('checking', 'savings', 'credit_card', 'internal')", name="kind"),
        CheckConstraint("status IN ('open', 'frozen', 'closed')", name="status"),
        CheckConstraint("(customer_id IS NULL) = (kind = 'internal')", name="owner"),
        CheckConstraint("overdraft_limit_minor >= 0", name="overdraft_non_negative"),
        CheckConstraint("overdraft_allowed OR overdraft_limit_minor = 0", name="overdraft_allowed"),
        CheckConstraint(
            "kind = 'internal' OR balance_minor + overdraft_limit_minor >= 0",
            name="within_overdraft",
        ),
        # Lets postings reference (account, currency) so a posting's currency is the account's.
        UniqueConstraint("id", "currency", name="uq_accounts_id_currency"),
        UniqueConstraint("internal_code", "currency", name="uq_accounts_internal_code_currency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(34), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="open")
    overdraft_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    overdraft_limit_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    balance_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    internal_code: Mapped[str | None] = mapped_column(String(32))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JournalEntry(Base):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(200))
    merchant: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(32), default="system")


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (
        CheckConstraint("amount_minor <> 0", name="non_zero"),
        ForeignKeyConstraint(
            ["account_id", "currency"],
            ["accounts.id", "accounts.currency"],
            name="fk_postings_account_currency",
        ),
        Index("ix_postings_account_id_id", "account_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    account_id: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class Payee(Base):
    __tablename__ = "payees"
    __table_args__ = (UniqueConstraint("customer_id", "account_number", name="uq_payees_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    account_number: Mapped[str] = mapped_column(String(34))
    bank_name: Mapped[str | None] = mapped_column(String(100))
    # Set when the number is an account at this bank: money goes straight there.
    internal_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    trusted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Transfer(Base):
    __tablename__ = "transfers"
    __table_args__ = (
        UniqueConstraint("customer_id", "idempotency_key", name="uq_transfers_idempotency"),
        CheckConstraint("amount_minor > 0", name="positive"),
        CheckConstraint("status IN ('completed', 'scheduled', 'held', 'failed', 'cancelled')", name="status"),
        CheckConstraint("(to_account_id IS NULL) <> (payee_id IS NULL)", name="one_destination"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="transfer")
    from_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    to_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    payee_id: Mapped[int | None] = mapped_column(ForeignKey("payees.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    counts_toward_limit: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    memo: Mapped[str | None] = mapped_column(String(140))
    channel: Mapped[str] = mapped_column(String(32))
    scheduled_for: Mapped[date | None] = mapped_column(Date)
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    # Status 'held': the risk signals that held it for review (comma-separated, see domain/risk.py).
    hold_reasons: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class Card(Base):
    """A card: never the full number, only its last four and a keyed hash of it."""

    __tablename__ = "cards"
    __table_args__ = (
        CheckConstraint("kind IN ('debit', 'credit')", name="kind"),
        CheckConstraint(
            "status IN ('active', 'blocked', 'lost', 'stolen', 'inactive', 'replaced')",
            name="status",
        ),
        CheckConstraint(
            "block_reason IS NULL OR block_reason IN ('lost', 'stolen', 'compromised', 'temporary')",
            name="block_reason",
        ),
        CheckConstraint("daily_limit_minor >= 0", name="limit_non_negative"),
        CheckConstraint("length(last4) = 4", name="last4"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[str] = mapped_column(String(8))
    brand: Mapped[str] = mapped_column(String(20))
    last4: Mapped[str] = mapped_column(String(4))
    pan_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expiry_month: Mapped[int] = mapped_column(Integer)
    expiry_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    block_reason: Mapped[str | None] = mapped_column(String(16))
    daily_limit_minor: Mapped[int] = mapped_column(BigInteger)
    replacement_ordered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaces_card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Statement(Base):
    __tablename__ = "statements"
    __table_args__ = (
        CheckConstraint("statement_balance_minor >= 0", name="balance_non_negative"),
        CheckConstraint("minimum_due_minor >= 0", name="minimum_non_negative"),
        CheckConstraint("minimum_due_minor <= statement_balance_minor", name="minimum_le_balance"),
        CheckConstraint("paid_minor >= 0", name="paid_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    statement_balance_minor: Mapped[int] = mapped_column(BigInteger)
    minimum_due_minor: Mapped[int] = mapped_column(BigInteger)
    due_date: Mapped[date] = mapped_column(Date)
    paid_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OneTimeCode(Base):
    """A one-time code (only its hash) and, once verified, the step-up token it yields."""

    __tablename__ = "one_time_codes"
    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    salt: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint("severity IN ('low', 'medium', 'high')", name="severity"),
        CheckConstraint("status IN ('open', 'in_progress', 'resolved', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="open")
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A fraud or dispute ticket: the customer's posting (TransactionView.id) they did not make.
    disputed_posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id"))


class AuditRecord(Base):
    """Append-only: the database refuses UPDATE and DELETE on this table."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # JSON, with numbers masked
    channel: Mapped[str] = mapped_column(String(32))


class PendingOperation(Base):
    """What the customer was shown and asked to confirm, stored by the bank with its exact
    parameters (JSON: ids and minor units). A yes executes this row, never what a chat holds."""

    __tablename__ = "pending_operations"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'executed', 'cancelled', 'expired')", name="status"),
        CheckConstraint(
            "kind IN ('transfer', 'repayment', 'card_block', 'card_unblock', 'card_activate', 'card_limit')",
            name="kind",
        ),
        CheckConstraint("expires_at > created_at", name="lifetime"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    parameters: Mapped[str] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The gateway's ids (kernel/identity.py) of the message the summary answered, and of the
    # message whose yes executed it: never the same one.
    summary_message_id: Mapped[str] = mapped_column(String(64))
    confirmed_message_id: Mapped[str | None] = mapped_column(String(64))


class CustomerProfile(Base):
    """What the bank knows of a customer beyond their login: contact details, preferences,
    segment, and when contact details last changed (risk signals read those)."""

    __tablename__ = "customer_profiles"
    __table_args__ = (
        CheckConstraint("segment IN ('standard', 'premium')", name="segment"),
        CheckConstraint("preferred_channel IN ('web', 'sms', 'telegram', 'phone', 'email')", name="channel"),
    )

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(400))
    preferred_channel: Mapped[str] = mapped_column(String(16), default="web")
    segment: Mapped[str] = mapped_column(String(16), default="standard")
    phone_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Web and REST session tokens issued before this are refused (sign out everywhere).
    sessions_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PhoneChange(Base):
    """A phone number change waiting for its two codes: one sent to the old number, one to the
    new. It applies only when both were entered, before it expires."""

    __tablename__ = "phone_changes"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'completed', 'cancelled', 'expired')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    new_phone_e164: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    old_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- Reference data the bank edits (demo values in seed_reference.py) -----------------------


class ExchangeRate(Base):
    """One unit of `base` is `rate` units of `quote`, published for `as_of` (a mid rate)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("base_currency", "quote_currency", "as_of", name="uq_exchange_rates_pair_day"),
        CheckConstraint("rate > 0", name="positive"),
        CheckConstraint("base_currency <> quote_currency", name="two_currencies"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    base_currency: Mapped[str] = mapped_column(String(3))
    quote_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(ScaledDecimal(8))
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(64))


class Branch(Base):
    """A branch or an ATM, named in both languages; `services` is a JSON list of codes."""

    __tablename__ = "branches"
    __table_args__ = (CheckConstraint("kind IN ('branch', 'atm')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    city_en: Mapped[str] = mapped_column(String(100))
    city_zh: Mapped[str] = mapped_column(String(100))
    district_en: Mapped[str] = mapped_column(String(100))
    district_zh: Mapped[str] = mapped_column(String(100))
    address_en: Mapped[str] = mapped_column(String(400))
    address_zh: Mapped[str] = mapped_column(String(400))
    timezone: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(32))
    services: Mapped[str] = mapped_column(Text)
    updated_on: Mapped[date] = mapped_column(Date)


class BranchHours(Base):
    """Opening hours for one weekday (0 Monday .. 6 Sunday), local time "HH:MM"; no row: closed.
    An ATM open all day is 00:00 to 24:00."""

    __tablename__ = "branch_hours"
    __table_args__ = (
        UniqueConstraint("branch_id", "weekday", name="uq_branch_hours_day"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens < closes", name="order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[str] = mapped_column(String(5))
    closes: Mapped[str] = mapped_column(String(5))


class Product(Base):
    """A savings account, term deposit, loan or card with its interest rate (per cent a year)."""

    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("code", "effective_from", name="uq_products_code_day"),
        CheckConstraint("kind IN ('savings', 'deposit', 'loan', 'card')", name="kind"),
        CheckConstraint("rate_kind IN ('aer', 'fixed', 'apr')", name="rate_kind"),
        CheckConstraint("rate_percent >= 0", name="rate_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    rate_percent: Mapped[Decimal] = mapped_column(ScaledDecimal(4))
    rate_kind: Mapped[str] = mapped_column(String(8))
    term_months: Mapped[int | None] = mapped_column(Integer)
    minimum_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    effective_from: Mapped[date] = mapped_column(Date)


class Fee(Base):
    """A fee: a fixed amount, or a percentage (with an optional floor and cap) of the amount."""

    __tablename__ = "fees"
    __table_args__ = (
        UniqueConstraint("code", "currency", "effective_from", name="uq_fees_code_day"),
        CheckConstraint(
            "category IN ('account', 'card', 'transfer', 'international_wire', 'atm', 'fx')",
            name="category",
        ),
        CheckConstraint("(amount_minor IS NULL) <> (percent IS NULL)", name="amount_or_percent"),
        CheckConstraint("amount_minor IS NULL OR amount_minor >= 0", name="amount_non_negative"),
        CheckConstraint("percent IS NULL OR percent >= 0", name="percent_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(24))
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    percent: Mapped[Decimal | None] = mapped_column(ScaledDecimal(4))
    minimum_minor: Mapped[int | None] = mapped_column(BigInteger)
    maximum_minor: Mapped[int | None] = mapped_column(BigInteger)
    premium_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    effective_from: Mapped[date] = mapped_column(Date)
