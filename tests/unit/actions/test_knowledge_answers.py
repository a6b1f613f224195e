"""Knowledge answers carry the bank's own figures, read when asked (actions/knowledge.py), in the
customer's language; a question without an article is said so with the offer of a person."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions import bank
from actions.knowledge import ActionAnswerQuestion
from actions.money_format import format_money
from banking_backend.services import exchange_rates, fees, limits, profile

from .conftest import customer_id, make_tracker, run


def asked(username, text, topic, language="en", confidence=0.9):
    tracker = make_tracker(username, text=text, intent="unsupported_banking", language=language)
    tracker.latest_message["knowledge"] = {"topic": topic, "confidence": confidence}
    return tracker


@pytest.fixture
def answer(bank_url, domain):
    def ask(*args, **kwargs):
        return run(ActionAnswerQuestion(), asked(*args, **kwargs), domain)

    return ask


def test_a_fee_answer_says_the_banks_own_fee_which_changes_with_the_table(answer):
    wire = next(
        f
        for f in fees.list_fees(bank.unit_of_work(), category="international_wire", currency="USD")
        if f.code == "wire_outgoing"
    )
    said = answer("alice", "what do you charge to wire money abroad?", "fees_international_wire").text
    assert format_money(wire.amount, "USD") in said
    assert "Outgoing international wire" in said


def test_a_premium_customer_hears_the_fees_waived_for_them(answer):
    profile.set_segment(bank.unit_of_work(), customer_id("alice"), "premium", staff="test")
    said = answer("alice", "monthly fee?", "fees_account").text
    assert "waived for you" in said


def test_a_conversion_uses_todays_rate_and_says_its_date(answer):
    done = exchange_rates.convert(bank.unit_of_work(), Decimal("500"), "USD", "CNY")
    said = answer("alice", "how much is 500 USD in CNY", "exchange_rates").text
    assert format_money(done.converted, "CNY") in said
    assert done.rate.as_of.isoformat() in said


def test_a_rate_asked_in_chinese_is_answered_in_chinese(answer):
    shown = exchange_rates.rate(bank.unit_of_work(), "USD", "CNY")
    said = answer(None, "美元兑人民币汇率", "exchange_rates", language="zh").text
    assert f"1 USD = {shown.rate.normalize():f} CNY" in said
    assert "汇率" in said


def test_branch_hours_are_those_of_the_district_named(answer):
    said = answer(None, "陆家嘴那边的网点周六开门吗", "branch_hours", language="zh").text
    assert "陆家嘴" in said
    assert "教会区" not in said and "金融区" not in said
    assert "周六" in said  # the week's hours of the branch named


def test_a_signed_in_customer_hears_their_own_limits(answer):
    own = limits.customer_limits(bank.unit_of_work(), customer_id("alice"))
    said = answer("alice", "how much can I send today", "transfer_limits").text
    assert "left" in said
    card = next(c for c in own.cards if c.daily_limit is not None)
    assert card.last4 in said


def test_someone_not_signed_in_hears_the_banks_limits(answer):
    said = answer(None, "what's the daily transfer limit", "transfer_limits").text
    assert "per transfer" in said and "left" not in said


def test_a_question_without_an_article_is_said_so_and_a_person_offered(answer):
    ran = answer("alice", "do you sell travel insurance", "fees_account", confidence=0.05)
    assert ran.messages == []
    assert ran.events == [{"event": "followup", "name": "utter_unsupported_banking", "timestamp": None}]
