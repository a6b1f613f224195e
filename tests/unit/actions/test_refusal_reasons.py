"""The bank's reasons for refusing come out in the customer's language, not the bank's English."""

from __future__ import annotations

import re

import pytest

from actions.bank_errors import explain
from actions.transfers import ValidateTransferForm
from banking_backend.domain.errors import AccountStateError, InvalidAmount
from banking_backend.domain.money import Money
from tests.unit.actions.conftest import make_tracker, run

LATIN = re.compile(r"[A-Za-z]")


def test_a_chinese_customers_amount_with_three_decimals_gets_a_wholly_chinese_answer(bank_url, domain):
    tracker = make_tracker(
        "wei",
        text="100.555",
        language="zh",
        active_loop="transfer_form",
        candidates={"transfer_from_account": "活期", "transfer_payee": "李娜", "transfer_amount": "100.555"},
    )
    ran = run(ValidateTransferForm(), tracker, domain)
    assert ran.slots["transfer_amount"] is None  # asked again
    assert "两位小数" in ran.text
    assert not LATIN.search(ran.text), ran.text


def test_the_same_refusal_reads_in_english_for_an_english_customer(bank_url, domain):
    tracker = make_tracker(
        "alice",
        text="100.555",
        active_loop="transfer_form",
        candidates={
            "transfer_from_account": "checking",
            "transfer_payee": "Bob Okafor",
            "transfer_amount": "100.555",
        },
    )
    assert "2 decimal places" in run(ValidateTransferForm(), tracker, domain).text


def _refusal(amount: str, currency: str = "CNY") -> InvalidAmount:
    with pytest.raises(InvalidAmount) as refused:
        Money.positive(amount, currency)
    return refused.value


@pytest.mark.parametrize(
    ("amount", "currency"), [("0", "CNY"), ("1e15", "CNY"), ("abc", "CNY"), ("5", "XXX")]
)
def test_every_amount_refusal_of_the_bank_has_chinese_words(amount, currency):
    reply = explain(_refusal(amount, currency), "zh").text
    assert not LATIN.search(reply.replace(currency, "")), reply


def test_an_account_state_is_said_in_chinese():
    reply = explain(AccountStateError("frozen", "send from"), "zh").text
    assert "冻结" in reply and not LATIN.search(reply), reply
