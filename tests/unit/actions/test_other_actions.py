"""Credit-card bill and repayment, complaints, history and handoff against the demo bank."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from actions.bank import unit_of_work
from actions.complaints import ActionSubmitComplaint, severity
from actions.credit_cards import (
    ActionAskPayConfirmed,
    ActionCreditCardBill,
    ActionPayCreditCardSubmit,
    ValidatePayCreditCardForm,
)
from actions.handoff import ActionCancelForm, ActionHandoff
from actions.history import ActionTransactionHistory
from banking_backend.services import accounts, tickets
from tests.unit.actions.conftest import customer_id, make_tracker, run, summarised


def test_the_bill_shows_the_statement(bank_url, domain):
    ran = run(ActionCreditCardBill(), make_tracker("alice", intent="credit_card_bill"), domain)
    assert "minimum payment" in ran.text and "due" in ran.text
    assert "账单金额" in run(ActionCreditCardBill(), make_tracker("wei", language="zh"), domain).text


def test_paying_the_minimum_once(bank_url, domain):
    ran = run(
        ValidatePayCreditCardForm(),
        make_tracker(
            "alice",
            active_loop="pay_credit_card_form",
            candidates={"pay_option": "the minimum", "pay_from_account": "checking"},
        ),
        domain,
    )
    assert ran.slots["pay_option"] == "minimum" and ran.slots["pay_from_account"] == "1201"
    before = {a.kind: a.balance for a in accounts.list_accounts(unit_of_work(), customer_id("alice"))}
    slots = {"pay_option": "minimum", "pay_from_account": "1201", "pay_confirmed": True}
    slots = summarised(ActionAskPayConfirmed(), "alice", slots)
    tracker = make_tracker("alice", slots=slots, active_loop="pay_credit_card_form")
    first = run(ActionPayCreditCardSubmit(), tracker, domain)
    run(ActionPayCreditCardSubmit(), tracker, domain)
    after = {a.kind: a.balance for a in accounts.list_accounts(unit_of_work(), customer_id("alice"))}
    assert "paid to your credit card" in first.text
    paid = before["checking"] - after["checking"]
    assert paid > 0 and after["credit_card"] - before["credit_card"] == paid


def test_paying_more_than_is_owed_is_asked_again(bank_url, domain):
    ran = run(
        ValidatePayCreditCardForm(),
        make_tracker(
            "alice",
            slots={"pay_option": "amount"},
            active_loop="pay_credit_card_form",
            candidates={"pay_amount": "999999"},
        ),
        domain,
    )
    assert ran.slots["pay_amount"] is None and "more than you owe" in ran.text


def test_a_complaint_becomes_a_ticket_with_the_conversation_id(bank_url, domain):
    slots = {
        "complaint_category": "fees",
        "complaint_description": "charged twice for the annual fee",
        "complaint_confirmed": True,
    }
    tracker = make_tracker("alice", slots=slots)
    ran = run(ActionSubmitComplaint(), tracker, domain)
    opened = tickets.list_tickets(unit_of_work(), customer_id("alice"))
    assert len(opened) == 1 and opened[0].conversation_id == tracker.sender_id
    assert opened[0].reference in ran.text and opened[0].severity == "medium"
    assert ran.payloads == []


@pytest.mark.parametrize(
    ("who", "language", "said"), [("alice", "en", "haven't recorded"), ("wei", "zh", "没有记录")]
)
def test_a_no_to_the_complaint_summary_opens_no_ticket_and_says_so(bank_url, domain, who, language, said):
    """A customer who says no to the summary is told nothing was recorded (was: no answer at all,
    which the gateway took for an outage and answered 'not available')."""
    slots = {
        "complaint_category": "fees",
        "complaint_description": "charged twice",
        "complaint_confirmed": False,
        "form_outcome": "cancelled",
    }
    ran = run(ActionSubmitComplaint(), make_tracker(who, slots=slots, language=language), domain)
    assert tickets.list_tickets(unit_of_work(), customer_id(who)) == []
    assert said in ran.text


def test_a_fraud_complaint_is_high_and_goes_to_a_person(bank_url, domain):
    slots = {
        "complaint_category": "card",
        "complaint_description": "我的卡被盗刷了，不是我本人",
        "complaint_confirmed": True,
    }
    ran = run(ActionSubmitComplaint(), make_tracker("wei", slots=slots, language="zh"), domain)
    assert "投诉已记录" in ran.text
    assert ran.payloads == [{"handoff": {"reason": "complaint_high"}}]
    assert ran.slots["handoff_reason"] == "complaint_high"
    assert severity("other", "just a remark") == "low"


def test_history_for_last_month(bank_url, domain):
    ran = run(
        ActionTransactionHistory(),
        make_tracker("alice", "transactions last month", intent="transaction_history",
                     entities=[{"entity": "time_period", "value": "last month"}]),
        domain,
    )  # fmt: skip
    assert "Your transactions from" in ran.text and "$" in ran.text
    zh = run(ActionTransactionHistory(), make_tracker("wei", "上个月的交易", language="zh"), domain)
    assert "交易记录" in zh.text


def test_handoff_reasons(bank_url, domain):
    asked = run(ActionHandoff(), make_tracker("alice", intent="request_human"), domain)
    assert asked.payloads == [{"handoff": {"reason": "requested"}}]
    assert asked.slots["handoff_reason"] == "requested"
    lost = run(ActionHandoff(), make_tracker(None, intent="nlu_fallback", language="zh"), domain)
    assert lost.payloads == [{"handoff": {"reason": "misunderstood"}}] and "人工客服" in lost.text
    in_form = run(
        ActionHandoff(), make_tracker("alice", intent="request_human", active_loop="transfer_form"), domain
    )
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in in_form.events if e["event"] == "active_loop"
    ]


def test_cancel_ends_a_form_without_changes(bank_url, domain):
    ran = run(ActionCancelForm(), make_tracker("alice", intent="deny", active_loop="transfer_form"), domain)
    assert "cancelled" in ran.text and ran.slots["transfer_amount"] is None
    assert Decimal(0) == Decimal(0)


def test_an_amount_too_high_given_as_the_option_is_not_kept_for_the_summary(bank_url, domain):
    # "3000" when asked minimum / statement / other: the NLU gives it as the option and the amount.
    ran = run(
        ValidatePayCreditCardForm(),
        make_tracker(
            "alice",
            text="3000",
            slots={"requested_slot": "pay_option"},
            active_loop="pay_credit_card_form",
            candidates={"pay_option": "3000", "pay_amount": "3000"},
        ),
        domain,
    )
    assert ran.slots["pay_option"] == "amount" and ran.slots["pay_amount"] is None
    assert re.fullmatch(r"That's more than you owe \(\$[\d,]+\.\d\d\)\.", ran.text), ran.text


def test_an_account_that_cannot_pay_is_said_once_and_asked_by_the_form(bank_url, domain):
    ran = run(
        ValidatePayCreditCardForm(),
        make_tracker(
            "alice",
            text="my piggy bank",
            slots={"requested_slot": "pay_from_account", "pay_option": "minimum"},
            active_loop="pay_credit_card_form",
            candidates={"pay_from_account": "my piggy bank"},
        ),
        domain,
    )
    assert ran.slots["pay_from_account"] is None and not ran.buttons
    assert ran.text == "Payments can come from your checking or savings account."
