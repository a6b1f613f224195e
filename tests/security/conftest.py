"""Fixtures of the security probes. Named `probe_*` so that the test files others add beside these
can have fixtures of their own without a clash."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.applications import Starlette

from tests.fakes.server import serve
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.integration.channels.helpers import TWILIO
from tests.integration.channels.test_gateway_fake_rasa import FakeRasa

PROBE_SESSION_SECRET = "probe-session-secret-0123456789abcdef"
PROBE_TELEGRAM_SECRET = "probe-telegram-secret"
PROBE_BOT_TOKEN = "77:probe"
PROBE_AGENT = ("pat", "pat-password-123")


@dataclass
class ProbeGateway:
    """The real gateway app, served by uvicorn on a free port, in front of a fake Rasa (which
    records what reached it) and fakes of Twilio's and Telegram's APIs (which record what was sent)."""

    url: str
    app: Starlette
    rasa: FakeRasa  # .received: the bodies Rasa was asked
    twilio: FakeTwilio
    telegram: FakeTelegram
    bank_url: str

    def asked(self, text: str) -> int:
        """How many times Rasa was asked `text`."""
        return sum(1 for body in self.rasa.received if body["message"] == text)


@pytest.fixture(scope="module")
def probe_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProbeGateway]:
    from argon2 import PasswordHasher

    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.migrate import upgrade
    from banking_backend.seed import seed_demo_bank
    from banking_backend.unit_of_work import SqlUnitOfWork
    from channels.app import create_app
    from channels.settings import Settings
    from contact_centre import agents
    from contact_centre.migrate import upgrade as upgrade_centre
    from contact_centre.unit_of_work import CentreUnitOfWork

    tmp = tmp_path_factory.mktemp("probe-gateway")
    bank_url = f"sqlite:///{tmp / 'bank.db'}"
    upgrade(bank_url)
    upgrade_centre(bank_url)
    engine = make_engine(bank_url)
    seed_demo_bank(SqlUnitOfWork(make_session_factory(engine)))
    engine.dispose()
    env = pytest.MonkeyPatch()
    # Read by the gateway's bank, the contact centre and the console's transcript reader.
    env.setenv("DATABASE_URL", bank_url)
    env.setenv("BANKBOT_TRACKER_DB_URL", f"sqlite:///{tmp / 'no-tracker.db'}")
    # An agent for the console probes; argon2id at test cost (production's costs ~1 s a sign-in).
    env.setattr(agents, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    agents.create_agent(CentreUnitOfWork.from_url(bank_url), *PROBE_AGENT, role="agent", name="Pat Probe")

    rasa = FakeRasa()
    twilio = FakeTwilio(TWILIO["TWILIO_ACCOUNT_SID"], TWILIO["TWILIO_AUTH_TOKEN"])
    telegram = FakeTelegram(PROBE_BOT_TOKEN)
    try:
        with (
            serve(rasa.app()) as rasa_url,
            serve(twilio.app()) as twilio_url,
            serve(telegram.app()) as telegram_url,
        ):
            settings = Settings.from_env(
                {
                    **TWILIO,
                    "DATABASE_URL": bank_url,
                    "RASA_URL": rasa_url,
                    "BANKBOT_SESSION_SECRET": PROBE_SESSION_SECRET,
                    "BANKBOT_SESSION_MAX_AGE": "3600",
                    "TWILIO_API_BASE": twilio_url,
                    "TELEGRAM_BOT_TOKEN": PROBE_BOT_TOKEN,
                    "TELEGRAM_WEBHOOK_SECRET": PROBE_TELEGRAM_SECRET,
                    "TELEGRAM_API_BASE": f"{telegram_url}/bot",
                }
            )
            app = create_app(settings)
            with serve(app, lifespan="on") as url:
                yield ProbeGateway(url, app, rasa, twilio, telegram, bank_url)
    finally:
        env.undo()


# The gateway alone with an echoing Rasa, for the gateway's edges (bodies, headers, linking, keywords).
from tests.security.gateway_alone import edges  # noqa: E402, F401
