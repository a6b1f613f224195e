"""Several requests in one message, through the whole stack (gateway REST channel → Rasa →
actions → bank): each is served, the urgent one (blocking a card) first, the next one without
being asked again once the first is over — done, or cancelled — and a form served this way still
needs its own yes. The bank is read to check what really happened to the cards and the money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from banking_backend.unit_of_work import SqlUnitOfWork
from tests.integration.channels.helpers import customer_id
from tests.support.bank import bank_state
from tests.support.chat import Customer
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = start_stack(tmp_path_factory.mktemp("several_requests"))
    yield running
    running.stop()


def card_status(stack, username: str, last4: str) -> str:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import cards

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        uow = SqlUnitOfWork(make_session_factory(engine))
        return {c.last4: c.status for c in cards.list_cards(uow, customer_id(stack, username))}[last4]
    finally:
        engine.dispose()


def before(reply: str, first: str, then: str) -> bool:
    """Both are in the reply, `first` before `then`."""
    return first in reply and then in reply and reply.index(first) < reply.index(then)


def test_block_my_card_and_whats_my_balance_blocks_first_then_shows_the_balances(stack):
    chat = Customer(stack, "alice")
    reply = chat.say("block my card and what's my balance")
    assert before(reply, "blocking your card first", "your balance right after"), reply
    assert "Which card do you mean?" in reply and "Here are your balances" not in reply
    assert "Why should the card be blocked?" in chat.say("my debit card")
    reply = chat.say("I lost it")
    assert "Please confirm: block your debit card ending 4821 (Lost)?" in reply, reply
    assert card_status(stack, "alice", "4821") == "active"  # nothing before the yes
    reply = chat.say("yes")
    assert before(reply, "is blocked now", "Here are your balances:"), reply
    assert "Everyday Checking" in reply
    assert card_status(stack, "alice", "4821") == "lost"
    assert "Here are your balances" not in chat.say("thanks")  # served once


def test_lost_card_freeze_and_balance_in_chinese_blocks_first_then_shows_the_balances(stack):
    chat = Customer(stack, "wei")
    reply = chat.say("我卡丢了，帮我冻结一下，顺便查下余额")
    assert before(reply, "我先为您办理冻结银行卡", "查询余额"), reply
    assert "请问是哪一张卡？" in reply and "您的账户余额如下" not in reply
    reply = chat.say("借记卡")
    assert "请确认" in reply and "尾号6688" in reply and "卡丢失" in reply, reply  # the reason was heard
    assert card_status(stack, "wei", "6688") == "active"
    reply = chat.say("确认")
    assert before(reply, "已冻结", "您的账户余额如下："), reply
    assert card_status(stack, "wei", "6688") == "lost"


def test_a_transfer_then_the_balances_come_in_the_order_written_with_the_transfer_confirmed(stack):
    chat = Customer(stack, "bob")
    count, was = bank_state(stack, "bob")
    reply = chat.say("move $40 from savings to checking and then show me my balances")
    assert "then your balance right after" in reply and "Please confirm" in reply, reply
    assert "Here are your balances" not in reply  # not before the transfer is done
    assert bank_state(stack, "bob") == (count, was)
    reply = chat.say("yes")
    assert before(reply, "Done: $40.00 sent", "Here are your balances:"), reply
    count_after, now = bank_state(stack, "bob")
    assert count_after == count + 1 and now["savings"] == was["savings"] - Decimal(40)
    checking = f"{now['checking']:,.2f}"
    assert checking in reply.split("Here are your balances:")[1]  # the balance after the transfer


def test_balance_and_transactions_in_chinese_are_both_answered_at_once(stack):
    chat = Customer(stack, "lina")
    reply = chat.say("查一下余额和最近的交易记录")
    assert before(reply, "您的账户余额如下：", "的交易记录："), reply


def test_a_customer_who_cancels_the_block_still_gets_the_balance_and_the_card_stays_active(stack):
    chat = Customer(stack, "alice")
    reply = chat.say("freeze my credit card and tell me my balance")
    assert "blocking your card first" in reply, reply
    assert "Which card do you mean?" in reply or "Why should the card be blocked?" in reply, reply
    reply = chat.say("cancel")
    assert before(reply, "Nothing was changed", "Here are your balances:"), reply
    assert card_status(stack, "alice", "7315") == "active"


def test_a_chinese_customer_who_says_no_to_the_summary_still_gets_the_balance(stack):
    chat = Customer(stack, "lina")
    reply = chat.say("帮我冻结信用卡，然后查一下余额")
    assert "我先为您办理冻结银行卡" in reply, reply
    assert "请问冻结这张卡的原因是什么？" in reply, reply
    assert "请确认" in chat.say("临时冻结")
    reply = chat.say("不用了")
    assert "您的账户余额如下：" in reply, reply
    assert card_status(stack, "lina", "5130") == "active"


def test_turning_to_another_task_keeps_the_waiting_request_and_says_so(stack):
    chat = Customer(stack, "bob")
    reply = chat.say("block my debit card and show my credit card bill")
    assert "your credit-card bill right after" in reply, reply
    reply = chat.say("actually, I want to raise my card limit instead")
    assert "I haven't forgotten your credit-card bill" in reply, reply
    reply = chat.say("stop")
    assert before(reply, "Nothing was changed", "your credit-card bill"), reply
    assert card_status(stack, "bob", "1174") == "active"
