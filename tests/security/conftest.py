"""Fixtures of the security probes. Named `probe_*` so that the test files others add beside these
can have fixtures of their own without a clash."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.applications import Starlette

from tests.fakes.rasa import ACCOUNT_BUTTONS, FakeRasa
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.support.gateway import gateway_fakes, served_gateway

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

    from contact_centre import agents
    from contact_centre.unit_of_work import CentreUnitOfWork

    tmp = tmp_path_factory.mktemp("probe-gateway")
    rasa = FakeRasa(buttons=ACCOUNT_BUTTONS, handoff_reason="asked")
    env = pytest.MonkeyPatch()
    try:
        with gateway_fakes(
            tmp, rasa, bot_token=PROBE_BOT_TOKEN, telegram_secret=PROBE_TELEGRAM_SECRET, contact_centre=True
        ) as fakes:
            # Read by the console's transcript reader.
            env.setenv("BANKBOT_TRACKER_DB_URL", f"sqlite:///{tmp / 'no-tracker.db'}")
            # An agent for the console probes; argon2id at test cost (production's costs ~1 s a sign-in).
            env.setattr(agents, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
            agents.create_agent(
                CentreUnitOfWork.from_url(fakes.bank_url), *PROBE_AGENT, role="agent", name="Pat Probe"
            )
            with served_gateway(
                fakes.env, BANKBOT_SESSION_SECRET=PROBE_SESSION_SECRET, BANKBOT_SESSION_MAX_AGE="3600"
            ) as (app, url):
                yield ProbeGateway(url, app, rasa, fakes.twilio, fakes.telegram, fakes.bank_url)
    finally:
        env.undo()


# The gateway alone with an echoing Rasa, for the gateway's edges (bodies, headers, linking, keywords).
from tests.security.gateway_alone import edges  # noqa: E402, F401
