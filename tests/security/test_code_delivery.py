"""Issue 11, D2: where the action server sends step-up codes. By SMS through Twilio's client
(here a local fake of Twilio's API over real HTTP) in the customer's language; the demo file only
in demo mode without Twilio; production without a sender refuses; no log holds the code."""

from __future__ import annotations

import logging
import re

import pytest

from actions.code_delivery import CodeDeliveryNotConfigured, CodeNotDelivered, TwilioCodeSender, code_sender
from banking_backend.code_senders import DemoFileCodeSender
from banking_backend.domain.views import CustomerView
from tests.integration.channels.helpers import TWILIO, WEI_PHONE
from tests.support.twilio import twilio_env

WEI = CustomerView(id=7, username="wei", name="Wei", language="zh", phone=WEI_PHONE, telegram_id=None)
CODE = "493817"


def test_with_twilio_the_code_goes_by_sms_in_the_customers_language(twilio, caplog):
    caplog.set_level(logging.DEBUG)
    sender = code_sender(twilio_env(twilio.url, BANKBOT_DEMO="0"))
    assert isinstance(sender, TwilioCodeSender)
    sender.send_code(WEI, CODE, "transfer")
    (sms,) = twilio.to(WEI_PHONE)
    assert re.search(r"\b493817\b", sms) and "验证码" in sms
    assert twilio.sent[-1].from_ == TWILIO["TWILIO_FROM_NUMBER"]
    assert CODE not in caplog.text and "••••17" not in caplog.text


def test_an_sms_twilio_refuses_is_reported_without_the_code(twilio, caplog):
    env = {**twilio_env(twilio.url), "TWILIO_AUTH_TOKEN": "not-the-account-token"}
    with pytest.raises(CodeNotDelivered):
        code_sender(env).send_code(WEI, CODE, "transfer")
    assert "not sent by SMS" in caplog.text and CODE not in caplog.text


def test_demo_mode_without_twilio_writes_the_demo_file(tmp_path):
    sender = code_sender({"BANKBOT_DEMO": "1"})
    assert isinstance(sender, DemoFileCodeSender)


def test_production_without_twilio_has_no_way_to_send_codes_and_says_so():
    with pytest.raises(CodeDeliveryNotConfigured, match="TWILIO_ACCOUNT_SID"):
        code_sender({"BANKBOT_DEMO": "0"})


# A bank may also send codes to the customer's linked Telegram chat (BANKBOT_CODES_TO_TELEGRAM=1).
BOT_TOKEN = "77:codes"
LINKED = CustomerView(id=7, username="wei", name="Wei", language="zh", phone=WEI_PHONE, telegram_id=7007)


@pytest.fixture
def telegram():
    from tests.fakes.server import serve
    from tests.fakes.telegram_api import FakeTelegram

    fake = FakeTelegram(BOT_TOKEN)
    with serve(fake.app()) as url:
        fake.url = url
        yield fake


def telegram_env(telegram, **more: str) -> dict[str, str]:
    return {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE": f"{telegram.url}/bot", **more}


def test_a_bank_that_chooses_it_also_sends_the_code_to_the_linked_telegram_chat(twilio, telegram, caplog):
    caplog.set_level(logging.DEBUG)
    twilio.clear()
    env = {
        **twilio_env(twilio.url, BANKBOT_DEMO="0"),
        **telegram_env(telegram, BANKBOT_CODES_TO_TELEGRAM="1"),
    }
    code_sender(env).send_code(LINKED, CODE, "transfer")
    assert re.search(r"\b493817\b", twilio.to(WEI_PHONE)[0])  # SMS stays the way codes go
    (chat,) = telegram.texts_to(7007)
    assert re.search(r"\b493817\b", chat) and "验证码" in chat
    assert CODE not in caplog.text


def test_no_telegram_copy_unless_the_bank_chooses_it_and_the_chat_is_linked(twilio, telegram):
    twilio.clear()
    chosen = {**twilio_env(twilio.url), **telegram_env(telegram, BANKBOT_CODES_TO_TELEGRAM="1")}
    code_sender(chosen).send_code(WEI, CODE, "transfer")  # no linked chat
    code_sender({**twilio_env(twilio.url), **telegram_env(telegram)}).send_code(LINKED, CODE, "transfer")
    assert telegram.sent == [] and len(twilio.to(WEI_PHONE)) == 2


def test_a_telegram_failure_does_not_stop_the_sms(twilio, telegram, caplog):
    twilio.clear()
    env = {
        **twilio_env(twilio.url),
        **telegram_env(telegram, BANKBOT_CODES_TO_TELEGRAM="1", TELEGRAM_BOT_TOKEN="77:wrong"),
    }
    code_sender(env).send_code(LINKED, CODE, "transfer")
    assert len(twilio.to(WEI_PHONE)) == 1 and telegram.sent == []
    assert "not sent to Telegram" in caplog.text and CODE not in caplog.text
