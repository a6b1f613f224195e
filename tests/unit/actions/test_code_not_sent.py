"""Issue 11, D2: when the SMS gateway does not take a step-up code, the customer is told at once
that no code is coming and the form ends with nothing changed (not a crash, not a wait for a code
that never comes). Twilio here is the local fake of its API, refusing our credentials."""

from __future__ import annotations

import pytest

from tests.fakes.server import serve
from tests.fakes.twilio_api import FakeTwilio
from tests.integration.channels.helpers import TWILIO
from tests.unit.actions.test_transfer_form import ASKED_TO_CONFIRM, STEP_UP_SLOTS, validate


@pytest.fixture
def refusing_twilio(monkeypatch):
    fake = FakeTwilio(TWILIO["TWILIO_ACCOUNT_SID"], "the-account's-real-token")
    with serve(fake.app()) as url:
        for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
            monkeypatch.setenv(name, TWILIO[name])
        monkeypatch.setenv("TWILIO_API_BASE", url)
        yield fake


def test_a_code_the_sms_gateway_refuses_ends_the_form_with_a_clear_answer(
    bank_url, domain, refusing_twilio, tmp_path
):
    ran = validate(
        domain, "wei", intent="affirm", language="zh", slots={**STEP_UP_SLOTS, **ASKED_TO_CONFIRM},
        candidates={"transfer_confirmed": True},
    )  # fmt: skip
    assert "无法向您发送一次性验证码" in ran.text
    assert ran.slots["form_outcome"] == "too_many_codes"  # nothing to wait for
    assert refusing_twilio.sent == [] and not (tmp_path / "codes").exists()
