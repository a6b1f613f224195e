"""The gateway alone, served by uvicorn in this process, with a seeded demo bank, a fake Rasa
(echoes what it was sent) and local fakes of Twilio and Telegram: enough for
the gateway's edges (bodies, headers, linking, keywords) without starting Rasa."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx
import pytest
from telegram import Chat, Message, Update, User
from twilio.request_validator import RequestValidator

from tests.fakes.rasa import FakeRasa
from tests.integration.channels.helpers import TWILIO
from tests.support.gateway import gateway_fakes, served_gateway

BOT_TOKEN = "42:edges"
TELEGRAM_SECRET = "tg-edges-secret"
METRICS_TOKEN = "scrape-me-token"


@pytest.fixture(scope="package")
def edges(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edges")
    rasa = FakeRasa()  # echoes what it was sent
    with gateway_fakes(tmp, rasa, bot_token=BOT_TOKEN, telegram_secret=TELEGRAM_SECRET) as fakes:
        channels_db = f"sqlite:///{tmp / 'channels.db'}"
        with served_gateway(
            fakes.env, CHANNELS_DATABASE_URL=channels_db, BANKBOT_METRICS_TOKEN=METRICS_TOKEN
        ) as (app, url):
            yield {"url": url, "rasa": rasa, "twilio": fakes.twilio, "telegram": fakes.telegram, "app": app}


def telegram_text(user_id: int, text: str, update_id: int) -> dict:
    """A real Update (python-telegram-bot's classes) of a private-chat text message."""
    user, chat = User(id=user_id, first_name=f"u{user_id}", is_bot=False), Chat(id=user_id, type="private")
    message = Message(message_id=update_id, date=datetime.now(UTC), chat=chat, from_user=user, text=text)
    return Update(update_id=update_id, message=message).to_dict()


def post_telegram(url: str, update: dict | bytes) -> httpx.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "content-type": "application/json"}
    if isinstance(update, dict):
        return httpx.post(f"{url}/webhooks/telegram", json=update, headers=headers, timeout=30)
    return httpx.post(f"{url}/webhooks/telegram", content=update, headers=headers, timeout=30)


def post_sms(url: str, phone: str, body: str, sid: str) -> httpx.Response:
    """A Twilio webhook call signed with twilio's own RequestValidator."""
    params = {"MessageSid": sid, "From": phone, "To": TWILIO["TWILIO_FROM_NUMBER"], "Body": body}
    signature = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"]).compute_signature(
        f"{TWILIO['TWILIO_PUBLIC_URL']}/webhooks/twilio/sms", params
    )
    return httpx.post(
        f"{url}/webhooks/twilio/sms",
        content=urlencode(params),
        headers={"X-Twilio-Signature": signature, "content-type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
