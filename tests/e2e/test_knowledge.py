"""Questions answered from the knowledge base through the whole stack (gateway REST channel →
Rasa → actions → bank), in both languages: the figures are the bank's own, read from its tables
when asked; a question between a form's steps is answered and the form goes on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from banking_backend.db import make_engine, make_session_factory
from banking_backend.unit_of_work import SqlUnitOfWork
from tests.integration.channels.helpers import customer_id
from tests.support.chat import Customer
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = start_stack(tmp_path_factory.mktemp("knowledge"))
    yield running
    running.stop()


def bank(stack, read):
    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        return read(SqlUnitOfWork(make_session_factory(engine)))
    finally:
        engine.dispose()


def test_a_fee_question_gets_the_banks_fee_not_a_transfer(stack):
    from banking_backend.services import fees

    wire = bank(
        stack, lambda uow: next(f for f in fees.list_fees(uow, currency="USD") if f.code == "wire_outgoing")
    )
    reply = Customer(stack, "alice").say("what are the fees for international wire transfers?")
    assert f"${wire.amount:,.2f}" in reply, reply
    assert "Who would you like to send money to" not in reply


def test_a_conversion_uses_todays_rate_in_both_languages(stack):
    from banking_backend.services import exchange_rates

    done = bank(stack, lambda uow: exchange_rates.convert(uow, Decimal(500), "USD", "CNY"))
    reply = Customer(stack, "alice").say("how much is 500 USD in CNY")
    assert f"¥{done.converted:,.2f}" in reply and done.rate.as_of.isoformat() in reply, reply
    reply = Customer(stack, "wei").say("500美元能换多少人民币")
    assert f"{done.converted:,.2f} 元" in reply and "汇率" in reply, reply


def test_branch_hours_by_district(stack):
    reply = Customer(stack, "wei").say("浦东的网点周六几点开门")
    assert "陆家嘴" in reply and "周六" in reply, reply
    assert "教会区" not in reply
    reply = Customer(stack, "alice").say("r u open on saturday? the mission branch")
    assert "Mission Branch" in reply and "Sat" in reply, reply


def test_hours_for_the_day_asked_with_the_customers_country_first(stack):
    reply = Customer(stack, "wei").say("周六网点开门吗")
    branches = [line for line in reply.splitlines() if line.startswith("•")]
    assert branches and all("周六" in line and "今天" not in line for line in branches), reply
    assert "上海" in branches[0] or "北京" in branches[0], reply


def test_a_limit_answer_is_the_customers_own(stack):
    from banking_backend.services import limits

    own = bank(stack, lambda uow: limits.customer_limits(uow, customer_id(stack, "alice")))
    reply = Customer(stack, "alice").say("how much money can I transfer per day?")
    usd = next(t for t in own.transfers if t.currency == "USD")
    assert f"${usd.remaining_today:,.2f} left" in reply, reply
    card = next(c for c in own.cards if c.daily_limit is not None)
    assert card.last4 in reply


def test_a_question_inside_a_transfer_is_answered_and_the_transfer_goes_on(stack):
    chat = Customer(stack, "alice")
    asked = chat.say("I want to send money").strip().splitlines()[-1]
    reply = chat.say("what's the fee for using other banks' ATMs?")
    assert "Other banks' ATMs" in reply, reply
    assert reply.strip().endswith(asked), reply  # the transfer's question again


def test_a_banking_question_without_an_article_offers_a_person_and_yes_hands_over(stack):
    chat = Customer(stack, "bob")
    reply = chat.say("can I buy shares through you")
    assert "I can't do that here" in reply and "a person" in reply, reply
    assert "passing you to one of my colleagues" in chat.say("yes please")
