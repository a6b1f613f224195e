"""One-time codes: for one customer and purpose, five minutes, three attempts, used once."""

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from banking_backend import models as m
from banking_backend.code_senders import DemoFileCodeSender, RecordingCodeSender
from banking_backend.domain.errors import CodeExpired, CodeInvalid, CodeLocked
from banking_backend.services import otp


@pytest.fixture
def sender():
    return RecordingCodeSender()


def test_right_code_gives_a_token_once(uow, demo, sender):
    issued = otp.issue_code(uow, demo.alice, "transfer", sender)
    assert issued.sent_to == "••••0101"
    code = sender.last_code(demo.alice)
    assert len(code) == 6 and code.isdigit()
    assert otp.verify_code(uow, demo.alice, "transfer", code)
    with pytest.raises(CodeExpired):
        otp.verify_code(uow, demo.alice, "transfer", code)


def test_three_wrong_attempts_lock_the_code(uow, demo, sender):
    otp.issue_code(uow, demo.bob, "transfer", sender)
    right = sender.last_code()
    wrong = "000000" if right != "000000" else "111111"
    with pytest.raises(CodeInvalid) as first:
        otp.verify_code(uow, demo.bob, "transfer", wrong)
    assert first.value.attempts_left == 2
    with pytest.raises(CodeInvalid) as second:
        otp.verify_code(uow, demo.bob, "transfer", wrong)
    assert second.value.attempts_left == 1
    with pytest.raises(CodeLocked):
        otp.verify_code(uow, demo.bob, "transfer", wrong)
    with pytest.raises(CodeLocked):
        otp.verify_code(uow, demo.bob, "transfer", right)


def test_codes_expire_after_five_minutes(uow, demo, sender, clock):
    otp.issue_code(uow, demo.wei, "transfer", sender)
    clock.advance(minutes=5)
    with pytest.raises(CodeExpired):
        otp.verify_code(uow, demo.wei, "transfer", sender.last_code())


def test_a_code_is_bound_to_its_customer_and_purpose(uow, demo, sender):
    otp.issue_code(uow, demo.alice, "transfer", sender)
    code = sender.last_code()
    with pytest.raises(CodeExpired):  # bob has no code outstanding
        otp.verify_code(uow, demo.bob, "transfer", code)
    with pytest.raises(CodeExpired):
        otp.verify_code(uow, demo.alice, "card_unblock", code)
    assert otp.verify_code(uow, demo.alice, "transfer", code)


def test_a_new_code_replaces_the_old_one(uow, demo, sender):
    otp.issue_code(uow, demo.alice, "transfer", sender)
    old = sender.last_code()
    otp.issue_code(uow, demo.alice, "transfer", sender)
    new = sender.last_code()
    if old != new:
        with pytest.raises(CodeInvalid):
            otp.verify_code(uow, demo.alice, "transfer", old)
    assert otp.verify_code(uow, demo.alice, "transfer", new)


def test_only_hashes_are_stored(uow, demo, sender):
    otp.issue_code(uow, demo.alice, "transfer", sender)
    code = sender.last_code()
    token = otp.verify_code(uow, demo.alice, "transfer", code)
    with uow:
        row = uow.session.scalars(select(m.OneTimeCode)).one()
        stored = " ".join(str(v) for v in vars(row).values())
    assert code not in stored and token not in stored


def test_the_step_up_token_expires(uow, demo, sender, clock):
    otp.issue_code(uow, demo.alice, "transfer", sender)
    token = otp.verify_code(uow, demo.alice, "transfer", sender.last_code())
    clock.advance(minutes=11)
    from banking_backend.domain.errors import StepUpTokenInvalid

    with uow, pytest.raises(StepUpTokenInvalid):
        otp.consume_step_up_token(uow, demo.alice, token, "transfer")


def test_the_demo_sender_logs_a_masked_phone_and_no_digit_of_the_code(uow, demo, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    otp.issue_code(uow, demo.alice, "transfer", DemoFileCodeSender(tmp_path))
    code = (tmp_path / f"{demo.alice}.txt").read_text().split()[-1]
    logged = caplog.text.replace(str(tmp_path), "<folder>")
    assert "+14155550101" not in logged
    # The one masked number is the phone's last four (a code ending in 01 was once taken for a leak).
    assert re.findall(r"••••(\d+)", logged) == ["0101"] and code not in logged


def test_clock_is_respected_for_expiry_times(uow, demo, sender, clock):
    issued = otp.issue_code(uow, demo.alice, "transfer", sender)
    assert issued.expires_at == clock.now + timedelta(minutes=5)
