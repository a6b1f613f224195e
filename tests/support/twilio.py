"""The local Twilio fake wired up: served over real HTTP for a test (`served_twilio`, and the
`twilio` fixture of tests/conftest.py), and the environment that points a stack, a gateway or the
action server's code sender at it (`twilio_env`), with the test account of TWILIO."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.fakes.server import serve
from tests.fakes.twilio_api import FakeTwilio
from tests.integration.channels.helpers import TWILIO


@contextmanager
def served_twilio() -> Iterator[FakeTwilio]:
    """The fake of Twilio's Messages API for the test account, its address in `.url`."""
    fake = FakeTwilio(TWILIO["TWILIO_ACCOUNT_SID"], TWILIO["TWILIO_AUTH_TOKEN"])
    with serve(fake.app()) as url:
        fake.url = url
        yield fake


def twilio_env(twilio_url: str, **more: str) -> dict[str, str]:
    """The test account's credentials, number and public URL, its API at `twilio_url`; `more` on top."""
    return {**TWILIO, "TWILIO_API_BASE": twilio_url, **more}
