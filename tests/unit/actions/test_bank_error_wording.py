"""One table words the bank's refusals: an error is matched by its class, or by the nearest class
it derives from, never by its name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from actions.bank_errors import WORDING, explain
from actions.messages import text
from banking_backend.domain import errors
from banking_backend.domain.money import Money
from banking_backend.services.credit_cards import NoStatement

# One refusal of each kind the table words, with the facts its wording needs.
EXAMPLES: list[errors.BankError] = [
    errors.InsufficientFunds(Money.of(Decimal("12.50"), "USD")),
    errors.LimitExceeded(Money.of(Decimal("5000"), "USD"), "per_transfer"),
    errors.LimitExceeded(
        Money.of(Decimal("10000"), "USD"), "daily", remaining=Money.of(Decimal("250"), "USD")
    ),
    errors.PayeeNotFound(["Bob Okafor"]),
    errors.PayeeNotFound([]),
    errors.CurrencyMismatch("USD", "CNY"),
    errors.AccountStateError("frozen", "send from"),
    errors.SameAccount(),
    NoStatement(),
    errors.AccountNotFound(),
    errors.InvalidAmount("must be positive", "not_positive"),
    errors.StepUpRequired("transfer", ["new_payee"]),
    errors.StepUpTokenInvalid(),
    errors.DuplicateIdempotencyKey(),
    errors.CardStateError("blocked", "unblock"),
    errors.CardNotFound(),
    errors.CardVerificationFailed(),
    errors.CardLimitOutOfBounds(Money.of(Decimal("100"), "USD"), Money.of(Decimal("5000"), "USD")),
    errors.NothingToPay(),
    errors.OperationNotFound(),
    errors.ConfirmationTooOld(),
    errors.OperationExpired(),
    errors.OperationCancelled(),
    errors.OperationAlreadyDone(),
    errors.CodeLocked(),
    errors.TooManyCodes(datetime.now(UTC) + timedelta(minutes=13)),
]


def test_every_class_in_the_table_has_an_example_here():
    assert set(WORDING) == {type(e) for e in EXAMPLES}


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_each_refusal_has_its_own_words_in_both_languages(error, language):
    reply = explain(error, language)
    assert reply.text and type(error).__name__ not in reply.text


def test_a_statement_missing_is_not_worded_as_an_account_missing():
    assert explain(NoStatement(), "en").text == text("err_no_statement", "en")
    assert explain(errors.AccountNotFound(), "en").text == text("err_account_not_found", "en")


def test_a_refusal_derived_from_a_worded_one_gets_its_words():
    class OverdraftExhausted(errors.InsufficientFunds):
        pass

    said = explain(OverdraftExhausted(Money.of(Decimal("3"), "USD")), "en").text
    assert said == explain(errors.InsufficientFunds(Money.of(Decimal("3"), "USD")), "en").text


def test_a_refusal_the_table_does_not_know_is_named_in_the_generic_answer():
    assert "TelegramAlreadyLinked" in explain(errors.TelegramAlreadyLinked(), "en").text
