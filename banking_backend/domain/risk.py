"""Risk rules for payments to others: which signals exist, what each one makes the bank do, and
the thresholds, configured from the environment with defaults a retail bank would start from.

Outcomes: STEP_UP (a one-time code to the customer's phone first) or HOLD (the transfer is
recorded but not paid until the bank reviews it). After a phone change a code proves nothing
(it goes to the new phone), so that signal holds; after an address change a code still comes to
the phone the customer has had, so it steps up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation

STEP_UP = "step_up"
HOLD = "hold"

RAPID_TRANSFERS = "rapid_transfers"  # many transfers to others in a short time
NEW_PAYEE_LARGE = "new_payee_large"  # a first payment to a payee, at or above a threshold
RECENT_PHONE_CHANGE = "recent_phone_change"
RECENT_ADDRESS_CHANGE = "recent_address_change"

OUTCOMES = {
    RAPID_TRANSFERS: HOLD,
    NEW_PAYEE_LARGE: HOLD,
    RECENT_PHONE_CHANGE: HOLD,
    RECENT_ADDRESS_CHANGE: STEP_UP,
}

# A first payment to a payee at or above this is held (per currency; twice the step-up
# threshold of domain/products.py). Other currencies: DEFAULT_NEW_PAYEE_HOLD units.
NEW_PAYEE_HOLD = {
    "USD": Decimal("2000"),
    "EUR": Decimal("2000"),
    "GBP": Decimal("1600"),
    "CNY": Decimal("10000"),
    "HKD": Decimal("16000"),
}
DEFAULT_NEW_PAYEE_HOLD = Decimal("2000")


@dataclass(frozen=True, slots=True)
class Signal:
    """A rule that fired: its name, what it makes the bank do, and why, in words for the audit
    log and the console (English, for staff)."""

    name: str
    outcome: str
    why: str


@dataclass(frozen=True, slots=True)
class RiskRules:
    # Held when this many transfers to others were made in `rapid_window` before this one
    # (0 turns the rule off).
    rapid_count: int = 5
    rapid_window: timedelta = timedelta(minutes=10)
    new_payee_hold: Mapping[str, Decimal] = field(default_factory=lambda: dict(NEW_PAYEE_HOLD))
    # How long after a phone or address change payments to others are treated with care.
    contact_change_window: timedelta = timedelta(hours=72)

    def new_payee_threshold(self, currency: str) -> Decimal:
        return self.new_payee_hold.get(currency, DEFAULT_NEW_PAYEE_HOLD)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RiskRules:
        """BANKBOT_RISK_RAPID_COUNT (5; 0 = off), BANKBOT_RISK_RAPID_MINUTES (10),
        BANKBOT_RISK_NEW_PAYEE_HOLD ("USD=2000,CNY=10000": replaces the listed currencies),
        BANKBOT_RISK_CONTACT_CHANGE_HOURS (72; 0 = off). A malformed value is an error at once,
        not a silently weaker rule."""
        env = os.environ if env is None else env
        defaults = cls()
        holds = dict(defaults.new_payee_hold)
        for part in filter(None, (env.get("BANKBOT_RISK_NEW_PAYEE_HOLD") or "").split(",")):
            currency, _, amount = part.partition("=")
            try:
                holds[currency.strip().upper()] = Decimal(amount.strip())
            except InvalidOperation:
                raise ValueError(f"BANKBOT_RISK_NEW_PAYEE_HOLD: {part!r} is not CUR=amount") from None
        return cls(
            rapid_count=int(env.get("BANKBOT_RISK_RAPID_COUNT", defaults.rapid_count)),
            rapid_window=timedelta(minutes=int(env.get("BANKBOT_RISK_RAPID_MINUTES", 10))),
            new_payee_hold=holds,
            contact_change_window=timedelta(hours=int(env.get("BANKBOT_RISK_CONTACT_CHANGE_HOURS", 72))),
        )


def holds(signals: list[Signal]) -> list[Signal]:
    return [s for s in signals if s.outcome == HOLD]


def steps_up(signals: list[Signal]) -> list[Signal]:
    return [s for s in signals if s.outcome == STEP_UP]
