"""The gateway alone, served by uvicorn in this process, with a seeded demo bank, a fake Rasa
(echoes what it was sent, with two buttons) and local fakes of Twilio and Telegram: enough for
the gateway's edges (bodies, headers, linking, keywords) without starting Rasa."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from telegram import Chat, Message, Update, User
from twilio.request_validator import RequestValidator

from tests.fakes.server import serve
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.integration.channels.helpers import TWILIO

BOT_TOKEN = "42:edges"
TELEGRAM_SECRET = "tg-edges-secret"
METRICS_TOKEN = "scrape-me-token"


class EchoRasa:
    def __init__(self) -> None:
        self.received: list[dict] = []

    def app(self) -> Starlette:
        async def webhook(request: Request) -> JSONResponse:
            body = await request.json()
            self.received.append(body)
            return JSONResponse([{"recipient_id": body["sender"], "text": f"you said {body['message']}"}])

        return Starlette(routes=[Route("/webhooks/rest/webhook", webhook, methods=["POST"])])


@pytest.fixture(scope="package")
def edges(tmp_path_factory):
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.migrate import upgrade
    from banking_backend.seed import seed_demo_bank
    from banking_backend.unit_of_work import SqlUnitOfWork
    from channels.app import create_app
    from channels.settings import Settings

    tmp = tmp_path_factory.mktemp("edges")
    bank_url = f"sqlite:///{tmp / 'bank.db'}"
    upgrade(bank_url)
    engine = make_engine(bank_url)
    seed_demo_bank(SqlUnitOfWork(make_session_factory(engine)))
    engine.dispose()
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", bank_url)

    rasa = EchoRasa()
    twilio = FakeTwilio(TWILIO["TWILIO_ACCOUNT_SID"], TWILIO["TWILIO_AUTH_TOKEN"])
    telegram = FakeTelegram(BOT_TOKEN)
    with serve(rasa.app()) as rasa_url, serve(twilio.app()) as twilio_url, serve(telegram.app()) as tg_url:
        env = {
            **TWILIO,
            "DATABASE_URL": bank_url,
            "CHANNELS_DATABASE_URL": f"sqlite:///{tmp / 'channels.db'}",
            "RASA_URL": rasa_url,
            "TWILIO_API_BASE": twilio_url,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "TELEGRAM_API_BASE": f"{tg_url}/bot",
            "BANKBOT_METRICS_TOKEN": METRICS_TOKEN,
        }
        app = create_app(Settings.from_env(env))
        with serve(app, lifespan="on") as gateway:
            yield {"url": gateway, "rasa": rasa, "twilio": twilio, "telegram": telegram, "app": app}
    patch.undo()


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
