"""Every error the bank raises on purpose, answered in the customer's language."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from actions.messages import text
from actions.money_format import format_money
from actions.presenting import entity_button, status_word
from banking_backend.domain import errors
from banking_backend.services.credit_cards import NoStatement


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


def _limit(error: errors.LimitExceeded, language: str) -> Reply:
    if error.kind != "daily":
        return Reply(text("err_limit_per_transfer", language, limit=_money(error.limit, language)))
    remaining = error.remaining if error.remaining is not None else error.limit
    return Reply(
        text(
            "err_limit_daily",
            language,
            limit=_money(error.limit, language),
            remaining=_money(remaining, language),
        )
    )


def _payee_not_found(error: errors.PayeeNotFound, language: str) -> Reply:
    if not error.saved_payees:
        return Reply(text("err_no_payees", language))
    return Reply(
        text("err_payee_not_found", language),
        [entity_button(name, "inform", payee=name) for name in error.saved_payees],
    )


def _card_state(error: errors.CardStateError, language: str) -> Reply:
    try:
        action = text(f"action_{error.action}", language)
    except KeyError:
        action = error.action
    return Reply(text("err_card_state", language, status=status_word(error.status, language), action=action))


def _card_limit_bounds(error: errors.CardLimitOutOfBounds, language: str) -> Reply:
    return Reply(
        text(
            "err_card_limit_bounds",
            language,
            minimum=_money(error.minimum, language),
            maximum=_money(error.maximum, language),
        )
    )


# Each error the bank raises on purpose -> its message key (said as it is), or a function that
# words it from the error's facts. `explain` walks the error's classes, most specific first.
Wording = str | Callable[[Any, str], Reply]
WORDING: dict[type[errors.BankError], Wording] = {
    errors.InsufficientFunds: lambda e, lang: Reply(
        text("err_insufficient_funds", lang, available=_money(e.available, lang))
    ),
    errors.LimitExceeded: _limit,
    errors.PayeeNotFound: _payee_not_found,
    errors.CurrencyMismatch: lambda e, lang: Reply(text("err_currency", lang, expected=e.expected)),
    errors.AccountStateError: lambda e, lang: Reply(
        text("err_account_state", lang, status=status_word(e.status, lang))
    ),
    errors.SameAccount: "err_same_account",
    NoStatement: "err_no_statement",
    errors.AccountNotFound: "err_account_not_found",
    errors.InvalidAmount: lambda e, lang: Reply(
        text("err_invalid_amount", lang, reason=amount_reason(e, lang))
    ),
    errors.StepUpRequired: "err_step_up",
    errors.StepUpTokenInvalid: "err_step_up",
    errors.DuplicateIdempotencyKey: "err_duplicate",
    errors.CardStateError: _card_state,
    errors.CardNotFound: "err_card_not_found",
    errors.CardVerificationFailed: "activate_failed",
    errors.CardLimitOutOfBounds: _card_limit_bounds,
    errors.NothingToPay: "err_nothing_to_pay",
    errors.OperationNotFound: "err_operation_missing",
    errors.ConfirmationTooOld: "err_operation_missing",
    errors.OperationExpired: "err_operation_expired",
    errors.OperationCancelled: "err_operation_cancelled",
    errors.OperationAlreadyDone: "err_operation_done",
    errors.CodeLocked: "code_locked",
    errors.TooManyCodes: lambda e, lang: Reply(text("code_limit", lang, wait=wait_until(e.retry_at, lang))),
}


def explain(error: errors.BankError, language: str) -> Reply:
    """The customer's words for `error`: the wording of its class or of the nearest class it
    derives from; an error the table does not know is named as such."""
    for cls in type(error).__mro__:
        wording = WORDING.get(cls)
        if wording is None:
            continue
        return Reply(text(wording, language)) if isinstance(wording, str) else wording(error, language)
    return Reply(text("err_generic", language, what=type(error).__name__))
