"""Transfers through the whole stack (gateway REST channel → Rasa → actions → bank): the
money moves exactly once, and a wrong-code sequence moves nothing and hands off."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.identity import conversation_id_for
from tests.integration.channels.helpers import customer_id
from tests.support.bank import bank_state
from tests.support.chat import Customer
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("conversation")
    running = start_stack(tmp, extra_env={"BANKBOT_DEMO": "1", "BANKBOT_DEMO_CODES_DIR": str(tmp / "codes")})
    running.codes_dir = tmp / "codes"
    yield running
    running.stop()


def open_handoff(stack, conversation_id: str):
    from contact_centre import queue
    from contact_centre.unit_of_work import CentreUnitOfWork

    return queue.open_handoff_for(CentreUnitOfWork.from_url(stack.env["DATABASE_URL"]), conversation_id)


def code_for(stack, username: str) -> str:
    from actions.code_delivery import read_demo_code

    return read_demo_code(customer_id(stack, username), stack.codes_dir)


def test_an_english_transfer_moves_the_money_exactly_once(stack):
    count, before = bank_state(stack, "alice")
    _, bob_before = bank_state(stack, "bob")
    chat = Customer(stack, "alice")
    reply = chat.converse(
        "I want to send $120 to Bob Okafor from my checking account",
        {
            "Please confirm": "yes",
            "Which account": "checking",
            "Who would you like": "Bob Okafor",
            "How much": "120",
        },
        done="sent to Bob Okafor",
    )
    assert "$120.00" in reply
    chat.say("yes")  # a stray second "yes" must not pay again
    count_after, after = bank_state(stack, "alice")
    _, bob_after = bank_state(stack, "bob")
    assert count_after == count + 1
    assert after["checking"] == before["checking"] - Decimal("120")
    assert bob_after["checking"] == bob_before["checking"] + Decimal("120")


def test_a_chinese_transfer_to_a_new_payee_with_a_code_moves_the_money_once(stack):
    count, before = bank_state(stack, "wei")
    chat = Customer(stack, "wei")
    reply = chat.converse(
        "从活期账户给王五转八百元",
        {
            "请确认": "确认",
            "从哪个账户": "活期账户",
            "您想转给谁": "王五",
            "您想转多少钱": "八百元",
        },
        done="发送一次性验证码",  # the code is sent only after the confirmation
    )
    reply = chat.say(code_for(stack, "wei"))
    assert "转账成功" in reply and "800.00" in reply
    count_after, after = bank_state(stack, "wei")
    assert count_after == count + 1
    assert after["checking"] == before["checking"] - Decimal("800")


def test_three_wrong_codes_move_nothing_and_pass_the_customer_to_a_person(stack):
    count, before = bank_state(stack, "lina")
    chat = Customer(stack, "lina")
    chat.converse(
        "从活期账户给王伟转五千元",
        {
            "请确认": "确认",
            "从哪个账户": "活期账户",
            "您想转给谁": "王伟",
            "您想转多少钱": "五千元",
        },
        done="发送一次性验证码",  # the code is sent only after the confirmation
    )
    real = code_for(stack, "lina")
    wrong = "000000" if real != "000000" else "111111"
    assert "不正确" in chat.say(wrong)
    assert "不正确" in chat.say(wrong)
    last = chat.say(wrong)
    assert "三次错误" in last
    assert "人工客服队列的第" in last  # the gateway put the conversation in the human queue
    handoff = open_handoff(stack, conversation_id_for(customer_id(stack, "lina")))
    assert handoff is not None and handoff.reason == "auth_failed"
    assert bank_state(stack, "lina") == (count, before)


def card_statuses(stack, username: str) -> dict[str, str]:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import cards

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        uow = SqlUnitOfWork(make_session_factory(engine))
        return {c.last4: c.status for c in cards.list_cards(uow, customer_id(stack, username))}
    finally:
        engine.dispose()


def test_a_customer_who_lost_their_card_is_not_asked_why_and_each_question_comes_once(stack):
    chat = Customer(stack, "bob")
    assert chat.say("I lost my card") == "Which card do you mean?"
    reply = chat.say("the blue one")
    assert reply == "Sorry, I couldn't tell which card that is.\nWhich card do you mean?"
    reply = chat.say("the debit one")
    assert "block your debit card ending 1174 (Lost)?" in reply and "Why" not in reply
    assert card_statuses(stack, "bob")["1174"] == "active"
    assert "is blocked now" in chat.say("yes")
    assert card_statuses(stack, "bob")["1174"] == "lost"


def test_the_reason_given_while_choosing_the_card_is_kept_in_chinese(stack):
    chat = Customer(stack, "wei")
    assert chat.say("冻结我的卡") == "请问是哪一张卡？"
    assert chat.say("卡丢了") == "请问是哪一张卡？"  # taken as the reason, the card asked once
    reply = chat.say("信用卡")
    assert "尾号3521的信用卡（原因：卡丢失）" in reply
    assert "取消" in chat.say("取消")
    assert card_statuses(stack, "wei")["3521"] == "active"


def test_money_moves_between_a_customers_own_accounts_without_a_code(stack):
    chat = Customer(stack, "alice")
    count, before = bank_state(stack, "alice")
    reply = chat.say("move $40 from savings to checking")
    assert "from High-Yield Savings (••••1302) to Everyday Checking (••••1201)" in reply
    assert "one-time code" not in reply
    assert "Done: $40.00 sent to Everyday Checking" in chat.say("yes")
    count_after, after = bank_state(stack, "alice")
    assert count_after == count + 1
    assert after["savings"] == before["savings"] - Decimal(40)
    assert after["checking"] == before["checking"] + Decimal(40)


def test_a_chinese_customer_names_only_where_the_money_goes_and_is_asked_where_from(stack):
    chat = Customer(stack, "wei")
    _, before = bank_state(stack, "wei")
    reply = chat.say("转300到我的储蓄账户")
    assert "从哪个账户转出？" in reply, reply
    reply = chat.say("活期")
    assert "请确认" in reply and "300" in reply
    assert "转账成功" in chat.say("确认")
    _, after = bank_state(stack, "wei")
    assert after["savings"] == before["savings"] + Decimal(300)
    assert after["checking"] == before["checking"] - Decimal(300)


def test_another_task_asked_for_in_the_middle_of_a_form_leaves_it_and_starts_the_new_one(stack):
    chat = Customer(stack, "alice")
    _, before = bank_state(stack, "alice")
    assert "How much would you like to pay" in chat.say("pay my credit card")
    reply = chat.say("actually, raise my card limit instead")
    assert reply.startswith("OK, I've cancelled that. Nothing was changed.") and "Which card" in reply
    reply = chat.say("why was my card declined?")  # answered, and the limit form goes on
    assert "Here's what I can see on your cards" in reply and reply.endswith("Which card do you mean?")
    assert "Nothing was changed" in chat.say("stop")
    assert bank_state(stack, "alice")[1] == before


def test_the_statement_balance_is_taken_as_the_repayment_option(stack):
    chat = Customer(stack, "bob")
    chat.say("pay my credit card")
    assert "Which account should the payment come from?" in chat.say("the statement balance")
    reply = chat.say("from checking")
    confirm = r"Please confirm: pay \$[\d,]+\.\d\d to your credit card from Checking \(••••2201\)\?"
    assert re.search(confirm, reply), reply
    assert "no payment was made" in chat.say("no")
