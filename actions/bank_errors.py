"""Every error the bank raises on purpose, answered in the customer's language."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from actions.messages import text
from actions.money_format import format_money
from actions.presenting import entity_button, status_word
from banking_backend.domain import errors


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


def _money(value: object, language: str) -> str:
    return format_money(value.amount, value.currency, language)  # type: ignore[attr-defined]


def wait_until(moment: datetime, language: str) -> str:
    """How long until `moment`, rounded up ("13 minutes", "2 hours"): by then it is true."""
    minutes = max(1, math.ceil((moment - datetime.now(UTC)).total_seconds() / 60))
    if minutes <= 60:
        return text("wait_minute", language) if minutes == 1 else text("wait_minutes", language, n=minutes)
    return text("wait_hours", language, n=math.ceil(minutes / 60))


# How many decimal places, in words a Chinese sentence reads naturally ("两位小数").
_PLACES_ZH = {0: "零", 1: "一", 2: "两", 3: "三"}


def amount_reason(error: errors.InvalidAmount, language: str) -> str:
    """Why the bank refused an amount, from the rule it names (never its English `reason`)."""
    facts = dict(error.facts)
    if "places" in facts:
        facts["places_zh"] = _PLACES_ZH.get(facts["places"], str(facts["places"]))
    try:
        return text(f"amount_reason_{error.code}", language, **facts)
    except (KeyError, IndexError):
        return text("amount_reason_invalid", language)


def explain(error: errors.BankError, language: str) -> Reply:  # noqa: C901 - one branch per error
    if isinstance(error, errors.InsufficientFunds):
        return Reply(text("err_insufficient_funds", language, available=_money(error.available, language)))
    if isinstance(error, errors.LimitExceeded):
        if error.kind == "daily":
            remaining = error.remaining if error.remaining is not None else error.limit
            return Reply(
                text(
                    "err_limit_daily",
                    language,
                    limit=_money(error.limit, language),
                    remaining=_money(remaining, language),
                )
            )
        return Reply(text("err_limit_per_transfer", language, limit=_money(error.limit, language)))
    if isinstance(error, errors.PayeeNotFound):
        if not error.saved_payees:
            return Reply(text("err_no_payees", language))
        return Reply(
            text("err_payee_not_found", language),
            [entity_button(name, "inform", payee=name) for name in error.saved_payees],
        )
    if isinstance(error, errors.CurrencyMismatch):
        return Reply(text("err_currency", language, expected=error.expected))
    if isinstance(error, errors.AccountStateError):
        return Reply(text("err_account_state", language, status=status_word(error.status, language)))
    if isinstance(error, errors.SameAccount):
        return Reply(text("err_same_account", language))
    if isinstance(error, errors.AccountNotFound):
        if type(error).__name__ == "NoStatement":
            return Reply(text("err_no_statement", language))
        return Reply(text("err_account_not_found", language))
    if isinstance(error, errors.InvalidAmount):
        return Reply(text("err_invalid_amount", language, reason=amount_reason(error, language)))
    if isinstance(error, errors.StepUpRequired | errors.StepUpTokenInvalid):
        return Reply(text("err_step_up", language))
    if isinstance(error, errors.DuplicateIdempotencyKey):
        return Reply(text("err_duplicate", language))
    if isinstance(error, errors.CardStateError):
        action_key = f"action_{error.action}"
        try:
            action = text(action_key, language)
        except KeyError:
            action = error.action
        return Reply(
            text("err_card_state", language, status=status_word(error.status, language), action=action)
        )
    if isinstance(error, errors.CardNotFound):
        return Reply(text("err_card_not_found", language))
    if isinstance(error, errors.CardVerificationFailed):
        return Reply(text("activate_failed", language))
    if isinstance(error, errors.CardLimitOutOfBounds):
        return Reply(
            text(
                "err_card_limit_bounds",
                language,
                minimum=_money(error.minimum, language),
                maximum=_money(error.maximum, language),
            )
        )
    if isinstance(error, errors.NothingToPay):
        return Reply(text("err_nothing_to_pay", language))
    if isinstance(error, errors.OperationNotFound | errors.ConfirmationTooOld):
        return Reply(text("err_operation_missing", language))
    if isinstance(error, errors.OperationExpired):
        return Reply(text("err_operation_expired", language))
    if isinstance(error, errors.OperationCancelled):
        return Reply(text("err_operation_cancelled", language))
    if isinstance(error, errors.OperationAlreadyDone):
        return Reply(text("err_operation_done", language))
    if isinstance(error, errors.CodeLocked):
        return Reply(text("code_locked", language))
    if isinstance(error, errors.TooManyCodes):
        return Reply(text("code_limit", language, wait=wait_until(error.retry_at, language)))
    return Reply(text("err_generic", language, what=type(error).__name__))
