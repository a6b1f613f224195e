"""Product rules: transfer limits, step-up thresholds, card limit bounds, ticket SLAs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from banking_backend.domain.money import Money
from kernel.masking import last_four


@dataclass(frozen=True, slots=True)
class TransferLimits:
    per_transfer: Money
    daily: Money
    step_up_threshold: Money  # at or above this, a one-time code is needed


def _limits(currency: str, per: str, daily: str, step_up: str) -> TransferLimits:
    return TransferLimits(
        Money.of(Decimal(per), currency),
        Money.of(Decimal(daily), currency),
        Money.of(Decimal(step_up), currency),
    )


_TRANSFER_LIMITS = {
    "USD": _limits("USD", "10000", "20000", "1000"),
    "EUR": _limits("EUR", "10000", "20000", "1000"),
    "GBP": _limits("GBP", "8000", "16000", "800"),
    "CNY": _limits("CNY", "50000", "100000", "5000"),
    "HKD": _limits("HKD", "80000", "160000", "8000"),
}


def transfer_limits(currency: str) -> TransferLimits:
    return _TRANSFER_LIMITS.get(currency) or _limits(currency, "10000", "20000", "1000")


@dataclass(frozen=True, slots=True)
class CardLimitBounds:
    minimum: Money
    maximum: Money


_CARD_BOUNDS = {
    ("debit", "USD"): ("0", "5000"),
    ("credit", "USD"): ("0", "10000"),
    ("debit", "CNY"): ("0", "50000"),
    ("credit", "CNY"): ("0", "80000"),
}


def card_limit_bounds(kind: str, currency: str) -> CardLimitBounds:
    low, high = _CARD_BOUNDS.get((kind, currency), ("0", "5000"))
    return CardLimitBounds(Money.of(Decimal(low), currency), Money.of(Decimal(high), currency))


TICKET_SLA = {
    "high": timedelta(hours=4),
    "medium": timedelta(hours=24),
    "low": timedelta(hours=72),
}
TICKET_CATEGORIES = ("card", "transfer", "fees", "account", "service", "fraud", "other")
TICKET_SEVERITIES = tuple(TICKET_SLA)
TICKET_STATUSES = ("open", "in_progress", "resolved", "closed")

CARD_STATUSES = ("active", "blocked", "lost", "stolen", "inactive", "replaced")
BLOCK_REASONS = ("lost", "stolen", "compromised", "temporary")
ACCOUNT_KINDS = ("checking", "savings", "credit_card", "internal")
STEP_UP_PURPOSE_TRANSFER = "transfer"
STEP_UP_PURPOSE_CARD_UNBLOCK = "card_unblock"  # actions/step_up.py PURPOSE_CARD_UNBLOCK


def mask_number(number: str) -> str:
    """An account or card number as customers and staff see it (the house rule, kernel/masking.py)."""
    return last_four(number)
