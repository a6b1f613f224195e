"""Telegram on the real stack: updates built from python-telegram-bot's own classes, posted to
the webhook with the secret token; answers go to a local fake of the Bot API; the one-time code
for linking goes by SMS to a local fake of Twilio."""

from __future__ import annotations

import itertools
import re
import time
from datetime import UTC, datetime

import httpx
import pytest
from telegram import CallbackQuery, Chat, Message, Update, User

from banking_backend.services.otp import ISSUE_LIMITS
from kernel.identity import conversation_id_for
from tests.fakes.server import serve, wait_for
from tests.fakes.telegram_api import FakeTelegram
from tests.integration.channels.helpers import (
    ALICE_PHONE,
    BOB_PHONE,
    accounts_of,
    amount_en,
    customer_id,
    user_events,
)
from tests.support.stack import start_stack
from tests.support.twilio import twilio_env

pytestmark = [pytest.mark.stack, pytest.mark.slow]

BOT_TOKEN = "123456:TEST-token"
SECRET = "telegram-webhook-secret"
_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


@pytest.fixture(scope="module")
def fakes(twilio):
    telegram = FakeTelegram(BOT_TOKEN)
    with serve(telegram.app()) as telegram_url:
        telegram.url = telegram_url
        yield twilio, telegram


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fakes):
    twilio, telegram = fakes
    running = start_stack(
        tmp_path_factory.mktemp("telegram"),
        extra_env=twilio_env(
            twilio.url,
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            TELEGRAM_API_BASE=f"{telegram.url}/bot",
        ),
    )
    yield running
    running.stop()


def person(user_id: int) -> tuple[User, Chat]:
    return User(id=user_id, first_name=f"user{user_id}", is_bot=False), Chat(id=user_id, type="private")


def text_update(user_id: int, text: str | None, update_id: int | None = None) -> dict:
    user, chat = person(user_id)
    message = Message(
        message_id=next(_message_ids), date=datetime.now(UTC), chat=chat, from_user=user, text=text
    )
    return Update(update_id=update_id or next(_update_ids), message=message).to_dict()


def callback_update(user_id: int, data: str) -> dict:
    user, chat = person(user_id)
    shown = Message(message_id=next(_message_ids), date=datetime.now(UTC), chat=chat, text="Pick one")
    query = CallbackQuery(
        id=f"cb{next(_update_ids)}", from_user=user, chat_instance="ci", data=data, message=shown
    )
    return Update(update_id=next(_update_ids), callback_query=query).to_dict()


def post(stack, update: dict | bytes, secret: str | None = SECRET) -> httpx.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    if isinstance(update, bytes):
        return httpx.post(
            f"{stack.gateway_url}/webhooks/telegram",
            content=update,
            headers={**headers, "content-type": "application/json"},
            timeout=30,
        )
    return httpx.post(f"{stack.gateway_url}/webhooks/telegram", json=update, headers=headers, timeout=30)


def replies(telegram: FakeTelegram, chat_id: int, at_least: int = 1) -> list[str]:
    return wait_for(lambda: len(telegram.texts_to(chat_id)) >= at_least and telegram.texts_to(chat_id))


def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_sent(stack, fakes):
    _, telegram = fakes
    assert post(stack, text_update(501, "hello"), secret="wrong").status_code == 403
    assert post(stack, text_update(501, "hello"), secret=None).status_code == 403
    time.sleep(2)
    assert telegram.to(501) == []


def test_an_unlinked_user_chats_without_account_data(stack, fakes):
    _, telegram = fakes
    assert post(stack, text_update(502, "what's my balance?")).status_code == 200
    text = "\n".join(replies(telegram, 502))
    for account in accounts_of(stack, "alice"):
        assert amount_en(account.balance) not in text


def test_linking_by_a_code_texted_to_the_registered_phone_then_balances(stack, fakes):
    twilio, telegram = fakes
    user = 503
    post(stack, text_update(user, f"/link {ALICE_PHONE}"))
    assert "code" in replies(telegram, user)[-1]
    sms = wait_for(lambda: twilio.to(ALICE_PHONE))
    code = re.search(r"\b(\d{6})\b", sms[-1]).group(1)

    wrong = "000000" if code != "000000" else "111111"
    post(stack, text_update(user, f"/code {wrong}"))
    assert "attempt" in replies(telegram, user, 2)[-1]
    post(stack, text_update(user, f"/code {code}"))
    assert "linked" in replies(telegram, user, 3)[-1]

    post(stack, text_update(user, "what's my balance?"))
    text = "\n".join(replies(telegram, user, 4)[3:])
    for account in accounts_of(stack, "alice"):
        assert account.masked_number in text and amount_en(account.balance) in text
    events = user_events(stack, conversation_id_for(customer_id(stack, "alice")))
    assert events[-1]["metadata"]["channel"] == "telegram"


def test_linking_an_unknown_number_says_the_same_and_texts_nobody(stack, fakes):
    twilio, telegram = fakes
    before = len(twilio.sent)
    post(stack, text_update(504, "/link +14155550177"))
    assert "code" in replies(telegram, 504)[-1]
    time.sleep(1)
    assert len(twilio.sent) == before
    # Answered as a wrong code for a customer's number is: the chat cannot tell them apart.
    post(stack, text_update(504, "/code 123456"))
    assert "2 attempt" in replies(telegram, 504, 2)[-1]


def test_link_spam_stops_texting_the_phone_after_the_limit_and_answers_the_same(stack, fakes):
    twilio, telegram = fakes
    user, unknown = 509, 510
    allowed = ISSUE_LIMITS[0].codes
    for sent in range(1, allowed + 3):
        post(stack, text_update(user, f"/link {BOB_PHONE}"))
        replies(telegram, user, sent)
    time.sleep(1)
    assert len(twilio.to(BOB_PHONE)) == allowed
    post(stack, text_update(unknown, "/link +14155550178"))
    # Refused or sent, registered or not: the chat cannot tell them apart.
    assert set(replies(telegram, user, allowed + 2)) == set(replies(telegram, unknown))


def test_a_callback_query_is_answered_and_its_data_goes_to_the_bot(stack, fakes):
    _, telegram = fakes
    update = callback_update(505, "hello")
    post(stack, update)
    assert replies(telegram, 505)
    assert update["callback_query"]["id"] in telegram.answered_callbacks


def test_a_repeated_update_id_does_nothing_twice(stack, fakes):
    _, telegram = fakes
    update = text_update(506, "hello")
    assert post(stack, update).status_code == 200
    replies(telegram, 506)
    time.sleep(2)
    count = len(telegram.to(506))
    again = post(stack, update)
    assert again.status_code == 200 and again.json().get("duplicate") is True
    time.sleep(2)
    assert len(telegram.to(506)) == count


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{not json", 400), (b"[1, 2]", 400), (b'{"update_id": "x"}', 400), (b"\xff\xfe", 400)],
)
def test_malformed_bodies_get_a_clear_error(stack, body, status):
    response = post(stack, body)
    assert response.status_code == status
    assert response.json()["error"]


def test_a_100_kb_message_gets_a_clear_answer_and_does_not_reach_the_bot(stack, fakes):
    _, telegram = fakes
    assert post(stack, text_update(507, "a" * 100_000)).status_code == 200
    assert "too long" in replies(telegram, 507)[-1]


def test_a_message_without_text_gets_a_clear_answer(stack, fakes):
    _, telegram = fakes
    assert post(stack, text_update(508, None)).status_code == 200
    assert "text" in replies(telegram, 508)[-1]
