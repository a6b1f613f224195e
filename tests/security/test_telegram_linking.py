"""Telegram linking must not tell a chat which phone numbers are the bank's customers': `/link`
and then `/code` answer alike, and as fast, for a customer's number and a stranger's. Real
Telegram Updates posted to the gateway (uvicorn); codes go to the local Twilio fake."""

from __future__ import annotations

import itertools
import re
import statistics
import time

from tests.fakes.server import wait_for
from tests.integration.channels.helpers import BOB_PHONE, WEI_PHONE, telegram_text
from tests.security.gateway_alone import post_telegram

STRANGER_PHONE = "+14155550188"
_ids = itertools.count(880_000)


def say(edges, user: int, text: str) -> str:
    """Post `text` from `user`; the bot's next reply."""
    before = len(edges["telegram"].texts_to(user))
    assert post_telegram(edges["url"], telegram_text(user, text, next(_ids))).status_code == 200
    return wait_for(lambda: edges["telegram"].texts_to(user)[before:], timeout=30)[0]


def test_link_then_wrong_codes_answer_alike_for_a_customer_and_a_stranger(edges):
    customer_chat, stranger_chat = 8101, 8102
    conversations = {}
    for chat, phone in ((customer_chat, BOB_PHONE), (stranger_chat, STRANGER_PHONE)):
        conversations[chat] = [
            say(edges, chat, f"/link {phone}"),
            say(edges, chat, "/code 000001"),
            say(edges, chat, "/code 000002"),
            say(edges, chat, "/code 000003"),
            say(edges, chat, "/code 000004"),
        ]
    assert conversations[customer_chat] == conversations[stranger_chat]
    # And they are the answers a customer needs: a wrong code with attempts left, then used up.
    sent, first, second, third, after = conversations[customer_chat]
    assert "code" in sent
    assert "2 attempt" in first and "1 attempt" in second
    assert "/link" in third and "/link" in after


def test_the_customer_still_gets_a_working_code_and_the_stranger_nothing(edges):
    twilio = edges["twilio"]
    texted_before = len(twilio.sent)
    say(edges, 8103, f"/link {STRANGER_PHONE}")
    time.sleep(1)
    assert len(twilio.sent) == texted_before
    say(edges, 8104, f"/link {WEI_PHONE}")
    code = re.search(r"\b(\d{6})\b", wait_for(lambda: twilio.to(WEI_PHONE))[-1]).group(1)
    assert "linked" in say(edges, 8104, f"/code {code}")


def _reply_seconds(edges, user: int, text: str) -> float:
    started = time.monotonic()
    say(edges, user, text)
    return time.monotonic() - started


def test_link_answers_as_fast_for_a_customer_as_for_a_stranger(edges):
    # Texting the code takes the carrier's API a while; the chat must not be able to time it.
    edges["twilio"].delay = 1.0
    try:
        customer = [_reply_seconds(edges, 8110 + i, f"/link {BOB_PHONE}") for i in range(3)]
        stranger = [_reply_seconds(edges, 8120 + i, f"/link {STRANGER_PHONE}") for i in range(3)]
    finally:
        edges["twilio"].delay = 0.0
    assert abs(statistics.median(customer) - statistics.median(stranger)) < 0.5
