"""SMS through Twilio on the real stack: signed webhooks in, answers out through a local fake of
Twilio's REST API that records what was sent."""

from __future__ import annotations

import time

import httpx
import pytest

from kernel.identity import conversation_id_for
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import (
    ALICE_PHONE,
    BOB_PHONE,
    TWILIO,
    WEI_PHONE,
    accounts_of,
    amount_en,
    customer_id,
    post_sms,
    user_events,
)
from tests.support.stack import start_stack
from tests.support.twilio import twilio_env

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory, twilio):
    running = start_stack(
        tmp_path_factory.mktemp("sms"),
        extra_env=twilio_env(twilio.url, TWILIO_SEGMENT_CHARS="160"),
    )
    yield running
    running.stop()


def settle(seconds: float = 2.0) -> None:
    """Background answers have had time to go out (for checks that nothing was sent)."""
    time.sleep(seconds)


def test_a_customer_texting_from_their_number_gets_their_balances(stack, twilio):
    response = post_sms(stack, ALICE_PHONE, "what's my balance?", "SMbalance1")
    assert response.status_code == 200 and "<Response" in response.text
    replies = wait_for(lambda: twilio.to(ALICE_PHONE))
    text = "\n".join(replies)
    for account in accounts_of(stack, "alice"):
        assert account.masked_number in text
        assert amount_en(account.balance) in text
    assert all(len(r) <= 160 for r in replies), "long answers go out in segments"


def test_a_chinese_speaking_customer_is_answered_in_chinese_by_sms(stack, twilio):
    post_sms(stack, WEI_PHONE, "我的余额是多少", "SMzh1")
    text = "\n".join(wait_for(lambda: twilio.to(WEI_PHONE)))
    assert "余额" in text


def test_a_forged_or_unsigned_webhook_is_refused_and_nothing_is_processed(stack, twilio):
    twilio.clear()
    forged = post_sms(stack, ALICE_PHONE, "what's my balance?", "SMforged", auth_token="guessed")
    unsigned = post_sms(stack, ALICE_PHONE, "what's my balance?", "SMunsigned", signature="")
    assert (forged.status_code, unsigned.status_code) == (403, 403)
    settle()
    assert twilio.to(ALICE_PHONE) == []
    # The refused ids were not spent: the genuine message with the same id is still answered.
    post_sms(stack, ALICE_PHONE, "hello", "SMforged")
    wait_for(lambda: twilio.to(ALICE_PHONE))


def test_a_retried_message_sid_is_answered_once(stack, twilio):
    twilio.clear()
    first = post_sms(stack, ALICE_PHONE, "what's my balance?", "SMretry1")
    wait_for(lambda: twilio.to(ALICE_PHONE))
    settle()
    answered = len(twilio.to(ALICE_PHONE))
    again = post_sms(stack, ALICE_PHONE, "what's my balance?", "SMretry1")
    assert first.status_code == again.status_code == 200
    settle()
    assert len(twilio.to(ALICE_PHONE)) == answered


def test_an_unknown_number_gets_a_short_help_text_and_no_data(stack, twilio):
    stranger = "+14155550199"
    post_sms(stack, stranger, "what's my balance?", "SMstranger")
    (reply,) = wait_for(lambda: twilio.to(stranger))
    assert "not registered" in reply
    for account in accounts_of(stack, "alice"):
        assert amount_en(account.balance) not in reply


def test_stop_silences_the_number_until_start(stack, twilio):
    twilio.clear()
    post_sms(stack, BOB_PHONE, "STOP", "SMstop")
    post_sms(stack, BOB_PHONE, "what's my balance?", "SMafterstop")
    settle(3)
    # The opt-out is confirmed (with how to come back); the question after it is not answered.
    (confirmation,) = twilio.to(BOB_PHONE)
    assert "START" in confirmation
    post_sms(stack, BOB_PHONE, "START", "SMstart")
    wait_for(lambda: len(twilio.to(BOB_PHONE)) > 1)
    post_sms(stack, BOB_PHONE, "what's my balance?", "SMafterstart")
    text = "\n".join(wait_for(lambda: len(twilio.to(BOB_PHONE)) > 2 and twilio.to(BOB_PHONE)[2:]))
    assert accounts_of(stack, "bob")[0].masked_number in text


def test_help_gets_the_help_text(stack, twilio):
    twilio.clear()
    post_sms(stack, ALICE_PHONE, "help", "SMhelp")
    (reply,) = wait_for(lambda: twilio.to(ALICE_PHONE))
    assert "STOP" in reply


def test_a_100_kb_message_gets_a_clear_answer_and_does_not_reach_the_bot(stack, twilio):
    twilio.clear()
    response = post_sms(stack, ALICE_PHONE, "a" * 100_000, "SMhuge")
    assert response.status_code == 200
    (reply,) = wait_for(lambda: twilio.to(ALICE_PHONE))
    assert "too long" in reply


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"MessageSid=SMx&From=%2B1", 400), (b"\xff\xfe\x00garbage", 403), (b"", 400)],
)
def test_malformed_bodies_get_a_clear_status(stack, body, status):
    from urllib.parse import parse_qsl

    from twilio.request_validator import RequestValidator

    url = f"{TWILIO['TWILIO_PUBLIC_URL']}/webhooks/twilio/sms"
    try:
        params = dict(parse_qsl(body.decode()))
    except UnicodeDecodeError:
        params = {}
    signature = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"]).compute_signature(url, params)
    response = httpx.post(
        f"{stack.gateway_url}/webhooks/twilio/sms",
        content=body,
        headers={"X-Twilio-Signature": signature, "content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == status, response.text
    assert response.text


def test_a_huge_body_is_refused_before_it_is_read(stack):
    response = httpx.post(
        f"{stack.gateway_url}/webhooks/twilio/sms",
        content=b"Body=" + b"a" * 400_000,
        headers={"content-type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "x"},
    )
    assert response.status_code == 413


def test_the_transcript_records_the_channel_of_each_message(stack):
    users = user_events(stack, conversation_id_for(customer_id(stack, "alice")))
    assert users and all(e["metadata"].get("channel") == "sms" for e in users)
