"""The customer's profile and a lost phone through the whole stack (gateway REST channel → Rasa →
actions → bank), in English and Chinese: an address changes only after the yes and is audited; a
phone number only after the codes sent to the old and to the new number (read where the demo
stack delivers them); a lost phone signs out every session, an earlier token is refused after."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.channels.helpers import customer_id
from tests.support.chat import Customer, post_message
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("profile")
    running = start_stack(tmp, extra_env={"BANKBOT_DEMO": "1", "BANKBOT_DEMO_CODES_DIR": str(tmp / "codes")})
    running.codes_dir = tmp / "codes"
    running.tracker_db = tmp / "tracker.db"  # where start_stack's endpoints put Rasa's tracker store
    yield running
    running.stop()


def in_bank(stack, read: Callable[[Any, int], Any], username: str) -> Any:
    """`read(uow, customer_id)` on the stack's own bank database."""
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.unit_of_work import SqlUnitOfWork

    who = customer_id(stack, username)
    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        return read(SqlUnitOfWork(make_session_factory(engine)), who)
    finally:
        engine.dispose()


def profile_of(stack, username: str):
    from banking_backend.services import profile

    return in_bank(stack, profile.get_profile, username)


def audited(stack, username: str, action: str) -> list:
    from banking_backend.services import audit

    return [a for a in in_bank(stack, audit.list_for_customer, username) if a.action == action]


def code_for(stack, username: str, purpose: str) -> str:
    from actions.code_delivery import read_demo_code

    return read_demo_code(customer_id(stack, username), stack.codes_dir, purpose)


def test_an_english_address_change_waits_for_the_yes_and_is_audited(stack):
    chat = Customer(stack, "alice")
    assert "What's your new address?" in chat.say("i moved house, need to update my address")
    reply = chat.say("22 Baker Street, London NW1 6XE")
    assert (
        "Alice, please confirm: change your address from ••••4110 to 22 Baker Street, London NW1 6XE?"
        in reply
    )
    assert profile_of(stack, "alice").address.endswith("94110")  # nothing before the yes
    assert "Done, Alice: your address is now 22 Baker Street, London NW1 6XE." in chat.say("yes")
    assert profile_of(stack, "alice").address == "22 Baker Street, London NW1 6XE"
    [record] = audited(stack, "alice", "profile.address_changed")
    assert record.details == {"old": "••••4110", "new": "•••• 6XE"} and record.channel == "rest"
    shown = chat.say("what address do you have for me")
    assert "Address: •••• 6XE" in shown and "Baker" not in shown


def test_a_chinese_address_change_said_no_to_changes_nothing_then_yes_changes_it(stack):
    chat = Customer(stack, "wei")
    assert "请输入您的新地址" in chat.say("搬家了地址要改")
    assert "王伟，请确认" in chat.say("上海市徐汇区漕溪北路88号")
    reply = chat.say("不用了")
    # The rule for a no in any form (action_cancel_form) or the form's own answer to the summary.
    assert "没有做任何更改" in reply or "资料没有做任何修改" in reply, reply
    assert profile_of(stack, "wei").address.startswith("上海市浦东新区")
    chat.say("我要改地址")
    chat.say("上海市徐汇区漕溪北路88号")
    assert "已为您修改" in chat.say("确认")
    assert profile_of(stack, "wei").address == "上海市徐汇区漕溪北路88号"
    assert len(audited(stack, "wei", "profile.address_changed")) == 1


def test_an_english_phone_change_needs_the_codes_of_the_old_and_the_new_number(stack):
    chat = Customer(stack, "bob")
    assert "What's your new phone number?" in chat.say("I changed my number")
    reply = chat.say("+1 415 555 0199")
    assert "current number ••••0102" in reply and "new number ••••0199" in reply, reply
    old, new = code_for(stack, "bob", "phone_change_old"), code_for(stack, "bob", "phone_change_new")
    wrong = "000000" if old != "000000" else "111111"
    assert "That code isn't right (2 tries left)" in chat.say(wrong)
    assert "code sent to your new number ••••0199" in chat.say(old)
    assert profile_of(stack, "bob").phone == "+14155550102"  # one code is not enough
    assert "Done, Bob: both codes were right and your phone number is now ••••0199." in chat.say(new)
    assert profile_of(stack, "bob").phone == "+14155550199"
    assert len(audited(stack, "bob", "profile.phone_changed")) == 1
    # What the conversation stored: the new number and both codes masked, as typed or repeated.
    rows = sqlite3.connect(stack.tracker_db).execute("select data from events").fetchall()
    stored = "\n".join(json.dumps(json.loads(data), ensure_ascii=False) for (data,) in rows)
    assert "••••0199" in stored
    assert not any(appears(digits, stored) for digits in ("4155550199", old, new))


def appears(digits: str, text: str) -> bool:
    """`digits` as a number of its own in `text`, however it is grouped (spaces, dashes)."""
    spaced = r"[ \-]?".join(digits)
    return re.search(rf"(?<![0-9A-Za-z.]){spaced}(?![0-9A-Za-z])", text) is not None


def test_a_chinese_phone_change_with_both_codes(stack):
    chat = Customer(stack, "lina")
    assert "请输入您的新手机号" in chat.say("改一下手机号")
    reply = chat.say("13712345678")
    assert "••••9000" in reply and "••••5678" in reply, reply
    assert "新号码 ••••5678" in chat.say(code_for(stack, "lina", "phone_change_old"))
    assert "您的手机号已改为 ••••5678" in chat.say(code_for(stack, "lina", "phone_change_new"))
    assert profile_of(stack, "lina").phone == "+8613712345678"


def test_a_lost_phone_signs_out_everywhere_after_the_yes_then_offers_the_cards(stack):
    earlier = Customer(stack, "alice")  # a session on the lost phone, say
    chat = Customer(stack, "alice")
    assert earlier.answer("what's my balance").status_code == 200
    assert "Shall I do it?" in chat.say("lost my phone, can someone get into my app??")
    assert not audited(stack, "alice", "security.signed_out_everywhere")  # nothing before the yes
    reply = chat.say("yes")
    assert "every online-banking, app and chat session of yours is signed out" in reply
    assert "I can block them now" in reply
    refused = post_message(stack.gateway_url, "hi", earlier.token, earlier.username)
    assert refused.status_code == 401 and "sign in again" in refused.json()[0]["text"].lower()
    assert len(audited(stack, "alice", "security.signed_out_everywhere")) == 1
    time.sleep(1.1)  # a token is refused when issued in the second of the sign-out or before
    signed_in_again = Customer(stack, "alice")
    assert "Which card do you mean?" in signed_in_again.say("yes")  # yes to blocking the cards


def test_a_lost_phone_in_chinese_and_a_no_signs_nothing_out(stack):
    chat = Customer(stack, "wei")
    assert "现在就办理吗" in chat.say("手机丢了，有人能登我的网银吗")
    assert "没有退出任何登录" in chat.say("不用")
    assert chat.answer("查余额").status_code == 200
    assert "现在就办理吗" in chat.say("手机被偷了")
    assert "已退出" in chat.say("是的")
    assert post_message(stack.gateway_url, "余额", chat.token, chat.username).status_code == 401
