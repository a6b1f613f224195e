"""The real gateway app (channels.app) served by uvicorn in this process, in front of fakes: a
fake Rasa (tests/fakes/rasa.py), the local fakes of Twilio's and Telegram's APIs and a seeded
demo bank in SQLite. For what the gateway does itself, without starting Rasa."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette

from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.support.twilio import served_twilio, twilio_env


@dataclass
class GatewayFakes:
    """What stands around the gateway, each recording what reached it, and the gateway's
    settings (`env`) that point at them."""

    bank_url: str
    rasa: FakeRasa
    twilio: FakeTwilio
    telegram: FakeTelegram
    env: dict[str, str]


def seeded_bank(tmp: Path, *, contact_centre: bool = False) -> str:
    """A demo bank in tmp/bank.db (with the contact centre's tables when asked); its URL."""
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.migrate import upgrade
    from banking_backend.seed import seed_demo_bank
    from banking_backend.unit_of_work import SqlUnitOfWork

    bank_url = f"sqlite:///{tmp / 'bank.db'}"
    upgrade(bank_url)
    if contact_centre:
        from contact_centre.migrate import upgrade as upgrade_centre

        upgrade_centre(bank_url)
    engine = make_engine(bank_url)
    seed_demo_bank(SqlUnitOfWork(make_session_factory(engine)))
    engine.dispose()
    return bank_url


@contextmanager
def gateway_fakes(
    tmp: Path, rasa: FakeRasa, *, bot_token: str, telegram_secret: str, contact_centre: bool = False
) -> Iterator[GatewayFakes]:
    """A seeded bank and the fakes, served; DATABASE_URL names the bank meanwhile (the gateway's
    bank, the contact centre and the console's transcript reader read it from the environment)."""
    bank_url = seeded_bank(tmp, contact_centre=contact_centre)
    telegram = FakeTelegram(bot_token)
    environment = pytest.MonkeyPatch()
    environment.setenv("DATABASE_URL", bank_url)
    try:
        with serve(rasa.app()) as rasa_url, served_twilio() as twilio, serve(telegram.app()) as tg_url:
            env = twilio_env(
                twilio.url,
                DATABASE_URL=bank_url,
                RASA_URL=rasa_url,
                TELEGRAM_BOT_TOKEN=bot_token,
                TELEGRAM_WEBHOOK_SECRET=telegram_secret,
                TELEGRAM_API_BASE=f"{tg_url}/bot",
            )
            yield GatewayFakes(bank_url, rasa, twilio, telegram, env)
    finally:
        environment.undo()


@contextmanager
def served_gateway(env: dict[str, str], **more: str) -> Iterator[tuple[Starlette, str]]:
    """The real gateway app made from the settings `env` with `more` on top, served with its
    lifespan (its background loop) on a free port: (app, its URL)."""
    from channels.app import create_app
    from channels.settings import Settings

    app = create_app(Settings.from_env({**env, **more}))
    with serve(app, lifespan="on") as url:
        yield app, url
