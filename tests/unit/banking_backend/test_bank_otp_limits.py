"""How many one-time codes a customer may be sent: 5 in 15 minutes and 10 in 24 hours for each
purpose; over that nothing is sent or saved, the refusal is audited and says when."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from banking_backend import models as m
from banking_backend.code_senders import RecordingCodeSender
from banking_backend.domain.errors import TooManyCodes
from banking_backend.services import audit, otp


@pytest.fixture
def sender():
    return RecordingCodeSender()


def issue(uow, customer_id, sender, times, clock=None, every=timedelta(0), purpose="transfer"):
    for _ in range(times):
        otp.issue_code(uow, customer_id, purpose, sender)
        if clock is not None:
            clock.now += every


def code_rows(uow, customer_id):
    with uow:
        return uow.session.scalar(
            select(func.count()).select_from(m.OneTimeCode).where(m.OneTimeCode.customer_id == customer_id)
        )


def test_the_sixth_code_in_15_minutes_is_refused_and_another_customer_is_not(uow, demo, sender, clock):
    start = clock.now
    issue(uow, demo.alice, sender, 5, clock, every=timedelta(minutes=1))
    with pytest.raises(TooManyCodes) as refused:
        otp.issue_code(uow, demo.alice, "transfer", sender)
    assert refused.value.retry_at == start + timedelta(minutes=15)  # when the first one leaves the window
    otp.issue_code(uow, demo.bob, "transfer", sender)
    assert sender.sent[-1].customer_id == demo.bob


def test_a_refused_request_texts_nothing_and_saves_nothing_but_the_audit_record(uow, demo, sender):
    issue(uow, demo.wei, sender, 5)
    texted, rows = len(sender.sent), code_rows(uow, demo.wei)
    outstanding = sender.last_code(demo.wei)
    with pytest.raises(TooManyCodes):
        otp.issue_code(uow, demo.wei, "transfer", sender, channel="telegram")
    assert len(sender.sent) == texted and code_rows(uow, demo.wei) == rows
    refusal = audit.list_for_customer(uow, demo.wei, 1)[0]
    assert refusal.action == "otp.refused" and refusal.channel == "telegram"
    assert refusal.details["purpose"] == "transfer"
    # The code already sent was not superseded by the refused request: it still works.
    assert otp.verify_code(uow, demo.wei, "transfer", outstanding)


def test_the_15_minute_window_frees_up_exactly_when_the_oldest_code_leaves_it(uow, demo, sender, clock):
    start = clock.now
    issue(uow, demo.alice, sender, 5, clock, every=timedelta(minutes=1))
    clock.now = start + timedelta(minutes=15) - timedelta(microseconds=1)
    with pytest.raises(TooManyCodes):
        otp.issue_code(uow, demo.alice, "transfer", sender)
    clock.now = start + timedelta(minutes=15)
    otp.issue_code(uow, demo.alice, "transfer", sender)
    # Now the codes of minutes 1-4 and 15 are in the window: the next frees up at minute 16.
    with pytest.raises(TooManyCodes) as refused:
        otp.issue_code(uow, demo.alice, "transfer", sender)
    assert refused.value.retry_at == start + timedelta(minutes=16)


def test_at_most_10_codes_in_24_hours(uow, demo, sender, clock):
    start = clock.now
    issue(uow, demo.lina, sender, 10, clock, every=timedelta(minutes=4))  # 5 per 15 minutes at most
    clock.now = start + timedelta(hours=3)
    with pytest.raises(TooManyCodes) as refused:
        otp.issue_code(uow, demo.lina, "transfer", sender)
    assert refused.value.retry_at == start + timedelta(hours=24)
    clock.now = start + timedelta(hours=24) - timedelta(seconds=1)
    with pytest.raises(TooManyCodes):
        otp.issue_code(uow, demo.lina, "transfer", sender)
    clock.now = start + timedelta(hours=24)
    otp.issue_code(uow, demo.lina, "transfer", sender)
    assert len(sender.sent) == 11


def test_the_later_of_the_two_limits_is_the_one_given(uow, demo, sender, clock):
    # 5 codes in the first quarter hour, 5 in the next: both limits are reached at once.
    start = clock.now
    issue(uow, demo.bob, sender, 5)
    clock.now = start + timedelta(minutes=15)
    issue(uow, demo.bob, sender, 5)
    with pytest.raises(TooManyCodes) as refused:
        otp.issue_code(uow, demo.bob, "transfer", sender)
    assert refused.value.retry_at == start + timedelta(hours=24)


def test_a_refused_request_does_not_extend_the_wait(uow, demo, sender, clock):
    start = clock.now
    issue(uow, demo.alice, sender, 5)
    for _ in range(20):
        clock.advance(seconds=30)
        with pytest.raises(TooManyCodes) as refused:
            otp.issue_code(uow, demo.alice, "transfer", sender)
        assert refused.value.retry_at == start + timedelta(minutes=15)


def test_link_codes_asked_by_a_stranger_do_not_use_up_the_customers_transfer_codes(uow, demo, sender, clock):
    # Anyone who knows Bob's number can send `/link <number>` on Telegram.
    issue(uow, demo.bob, sender, 10, clock, every=timedelta(minutes=4), purpose="telegram_link")
    with pytest.raises(TooManyCodes):
        otp.issue_code(uow, demo.bob, "telegram_link", sender)
    otp.issue_code(uow, demo.bob, "transfer", sender)
    otp.issue_code(uow, demo.bob, "card_unblock", sender)
    assert [s.purpose for s in sender.sent][-2:] == ["transfer", "card_unblock"]
