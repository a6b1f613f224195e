"""Turns in the middle of a form that used to be swallowed or misread (issue 13, part 3; the whole
matrix on the real stack is tests/dialogue): a greeting or a yes that answers nothing, a number
that answers another question, an amount of zero, the code's question said twice."""

from __future__ import annotations

import pytest

from actions.asking import ActionAskTransferOtp
from actions.card_limits import ValidateCardLimitForm
from actions.complaints import ValidateComplaintForm
from actions.messages import text
from actions.transfers import ValidateTransferForm
from tests.unit.actions.conftest import make_tracker, run, run_form


@pytest.mark.parametrize(
    ("intent", "said", "key"),
    [
        ("greet", "hi, how are you?", "form_side_greet"),
        ("thank", "thanks", "form_side_thank"),
        ("goodbye", "bye", "form_side_goodbye"),
        ("affirm", "yes", "form_not_understood"),
        ("nlu_fallback", "asdf qwrtz", "form_not_understood"),
    ],
)
def test_a_turn_that_answers_nothing_is_answered_and_the_form_kept(bank_url, domain, intent, said, key):
    ran = run_form(
        ValidateTransferForm(),
        domain,
        "alice",
        text=said,
        intent=intent,
        slots={
            "requested_slot": "transfer_amount",
            "transfer_from_account": "1201",
            "transfer_payee": "Bob Okafor",
        },
    )
    assert ran.text == text(key, "en")
    # A slot event keeps Rasa from rejecting the form, which then asks for the amount again.
    assert ran.slots["transfer_amount"] is None


def test_in_chinese_too(bank_url, domain):
    ran = run_form(
        ValidateComplaintForm(),
        domain,
        "wei",
        text="你好呀",
        intent="greet",
        language="zh",
        slots={"requested_slot": "complaint_category"},
    )
    assert ran.text == text("form_side_greet", "zh")


def test_a_side_question_that_a_rule_answers_is_left_to_the_rule(bank_url, domain):
    ran = run_form(
        ValidateTransferForm(),
        domain,
        "alice",
        text="what's my balance?",
        intent="check_balance",
        slots={
            "requested_slot": "transfer_amount",
            "transfer_from_account": "1201",
            "transfer_payee": "Bob Okafor",
        },
    )
    assert ran.messages == [] and "transfer_amount" not in ran.slots


def test_the_last_digits_of_an_account_are_not_also_an_amount(bank_url, domain):
    ran = run_form(
        ValidateTransferForm(),
        domain,
        "alice",
        text="1201",
        slots={"requested_slot": "transfer_from_account"},
        candidates={"transfer_from_account": "1201", "transfer_amount": "1201"},
    )
    assert ran.slots["transfer_from_account"] == "1201"
    assert ran.slots.get("transfer_amount") is None
    assert "1,201" not in ran.text


def test_the_last_digits_of_a_card_are_not_also_a_limit(bank_url, domain):
    ran = run_form(
        ValidateCardLimitForm(),
        domain,
        "alice",
        text="4821",
        slots={"requested_slot": "limit_card"},
        candidates={"limit_card": "4821", "limit_amount": "4821"},
    )
    assert ran.slots["limit_card"] == "4821"
    assert ran.slots.get("limit_amount") is None


@pytest.mark.parametrize(("said", "language"), [("0", "en"), ("$0.00", "en"), ("零", "zh"), ("0元", "zh")])
def test_an_amount_of_zero_is_refused_as_zero(bank_url, domain, said, language):
    ran = run_form(
        ValidateTransferForm(),
        domain,
        "alice" if language == "en" else "wei",
        text=said,
        language=language,
        slots={"requested_slot": "transfer_amount"},
        candidates={"transfer_amount": said},
    )
    assert text("amount_reason_not_positive", language) in ran.text
    assert ran.slots["transfer_amount"] is None


@pytest.mark.parametrize("key", ["code_sent", "code_not_digits"])
def test_the_codes_question_is_not_said_right_after_the_code_was_sent_or_asked_again(bank_url, key):
    sent = {"event": "bot", "text": text(key, "zh", phone="••••8000")}
    tracker = make_tracker("wei", text="是的", intent="affirm", language="zh")
    tracker.events.append(sent)
    assert run(ActionAskTransferOtp(), tracker, {}).messages == []
    # Asked again on a later turn (after a side question), it is said.
    later = make_tracker("wei", text="我的余额是多少", intent="check_balance", language="zh", history=[sent])
    assert run(ActionAskTransferOtp(), later, {}).text == text("ask_code", "zh")
