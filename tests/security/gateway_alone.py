"""The gateway alone, served by uvicorn in this process, with a seeded demo bank, a fake Rasa
(echoes what it was sent) and local fakes of Twilio and Telegram: enough for
the gateway's edges (bodies, headers, linking, keywords) without starting Rasa."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes.rasa import FakeRasa
from tests.integration.channels.helpers import post_telegram_to
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


def post_telegram(url: str, update: dict | bytes) -> httpx.Response:
    return post_telegram_to(url, update, TELEGRAM_SECRET)
