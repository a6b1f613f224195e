"""The risk signals of a payment to others (rules and outcomes in domain/risk.py), read from
the bank's own rows inside the transfer's transaction, under the customer's row lock."""

from __future__ import annotations

from banking_backend import models as m
from banking_backend.domain.money import Money
from banking_backend.domain.risk import (
    NEW_PAYEE_LARGE,
    OUTCOMES,
    RAPID_TRANSFERS,
    RECENT_ADDRESS_CHANGE,
    RECENT_PHONE_CHANGE,
    RiskRules,
    Signal,
)
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork


def _signal(name: str, why: str) -> Signal:
    return Signal(name, OUTCOMES[name], why)


def evaluate(
    uow: SqlUnitOfWork,
    customer_id: int,
    payee: m.Payee | None,
    own: bool,
    amount: Money,
    rules: RiskRules,
) -> list[Signal]:
    """The signals this payment fires; none for a transfer between the customer's own accounts."""
    if own:
        return []
    now = uow.now()
    fired = []
    if rules.rapid_count > 0:
        recent = uow.transfers.to_others_created_since(customer_id, now - rules.rapid_window)
        if recent >= rules.rapid_count:
            minutes = int(rules.rapid_window.total_seconds() // 60)
            fired.append(
                _signal(
                    RAPID_TRANSFERS,
                    f"{recent} transfers to others in the last {minutes} minutes (rule: {rules.rapid_count})",
                )
            )
    threshold = rules.new_payee_threshold(amount.currency)
    if payee is not None and payee.trusted_at is None and amount.amount >= threshold:
        fired.append(
            _signal(
                NEW_PAYEE_LARGE,
                f"first payment to this payee, {amount} at or above {threshold} {amount.currency}",
            )
        )
    profile = uow.profiles.get(customer_id)
    window = rules.contact_change_window
    if profile is not None and window.total_seconds() > 0:
        hours = int(window.total_seconds() // 3600)
        for name, changed in (
            (RECENT_PHONE_CHANGE, profile.phone_changed_at),
            (RECENT_ADDRESS_CHANGE, profile.address_changed_at),
        ):
            if changed is not None and now - changed < window:
                what = "phone number" if name == RECENT_PHONE_CHANGE else "address"
                fired.append(_signal(name, f"{what} changed {changed.isoformat()}, within {hours} hours"))
    return fired


def record(
    uow: SqlUnitOfWork, customer_id: int, channel: str, signals: list[Signal], **details: object
) -> None:
    """One audit record of the signals that fired and why (staff read it in the console)."""
    audit.record(
        uow,
        customer_id,
        "risk.signals",
        channel,
        signals=[{"name": s.name, "outcome": s.outcome, "why": s.why} for s in signals],
        **details,
    )
