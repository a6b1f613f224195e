"""How the action server sends the one-time codes of step-up authentication (large transfers,
unblocking a card): by SMS through Twilio's client when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
TWILIO_FROM_NUMBER are set (TWILIO_API_BASE points the client elsewhere, e.g. a test's fake); in
demo mode without Twilio, to the demo file (banking_backend.code_senders). In production without
Twilio the action server refuses to start: no transfer above the step-up threshold could be made.
The code appears in no log, not even in part."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
from requests import RequestException
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from actions.messages import text
from banking_backend.code_senders import CodeNotDelivered, CodeSender, choose_code_sender, demo_codes_dir
from banking_backend.domain.views import CustomerView
from kernel.masking import last_four

logger = logging.getLogger(__name__)
SEND_TIMEOUT_SECONDS = 10
__all__ = [
    "CodeDeliveryNotConfigured",
    "CodeNotDelivered",
    "TelegramCodeSender",
    "TwilioCodeSender",
    "code_sender",
    "demo_codes_dir",
    "read_demo_code",
]


class CodeDeliveryNotConfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class TwilioAccount:
    account_sid: str
    auth_token: str
    from_number: str
    api_base: str | None  # None: Twilio's own API

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TwilioAccount | None:
        """The gateway's Twilio variables (channels/settings.py reads them for SMS chat)."""
        env = os.environ if env is None else env
        needed = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
        if not all(env.get(name) for name in needed):
            return None
        return cls(*(env[name] for name in needed), env.get("TWILIO_API_BASE", "").rstrip("/") or None)


class TwilioCodeSender:
    """An SMS in the customer's language to the phone the bank holds for them. Synchronous, as the
    bank calls it after committing the code."""

    def __init__(self, account: TwilioAccount) -> None:
        self._from = account.from_number
        # A bounded wait: the customer is waiting for the bot's answer while the SMS goes out.
        http = TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS)
        self._client = Client(account.account_sid, account.auth_token, http_client=http)
        if account.api_base:
            self._client.api.base_url = account.api_base

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        body = text("code_sms", customer.language, code=code)
        try:
            self._client.messages.create(to=customer.phone, from_=self._from, body=body)
        except (TwilioException, RequestException) as failed:
            # The status and Twilio's error number only: the exception's text may quote the body.
            logger.error(
                "one-time code for customer %s (%s) not sent by SMS: Twilio said %s %s",
                customer.id,
                purpose,
                getattr(failed, "status", "-"),
                getattr(failed, "code", "-"),
            )
            raise CodeNotDelivered() from None
        logger.info(
            "one-time code for customer %s (%s) sent by SMS to %s",
            customer.id,
            purpose,
            last_four(customer.phone),
        )


class TelegramCodeSender:
    """The code in the customer's language to their linked Telegram chat, through the Bot API's
    sendMessage (TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE as for the gateway). Synchronous, like the
    SMS sender; a refusal raises CodeNotDelivered with nothing of the code logged."""

    def __init__(self, bot_token: str, api_base: str | None = None) -> None:
        self._url = f"{(api_base or 'https://api.telegram.org/bot').rstrip('/')}{bot_token}/sendMessage"

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        body = {"chat_id": customer.telegram_id, "text": text("code_sms", customer.language, code=code)}
        try:
            answer = httpx.post(self._url, json=body, timeout=SEND_TIMEOUT_SECONDS)
            sent = answer.status_code == 200 and answer.json().get("ok") is True
        except (httpx.HTTPError, ValueError):
            sent = False
        if not sent:
            raise CodeNotDelivered()
        logger.info(
            "one-time code for customer %s (%s) also sent to the linked Telegram chat", customer.id, purpose
        )


def code_sender(env: Mapping[str, str] | None = None) -> CodeSender:
    """Where this action server sends codes (banking_backend.code_senders.choose_code_sender);
    CodeDeliveryNotConfigured when nowhere."""
    env = os.environ if env is None else env
    account = TwilioAccount.from_env(env)
    telegram = (
        TelegramCodeSender(env["TELEGRAM_BOT_TOKEN"], env.get("TELEGRAM_API_BASE") or None)
        if env.get("TELEGRAM_BOT_TOKEN")
        else None
    )
    chosen = choose_code_sender(TwilioCodeSender(account) if account else None, env, linked_chat=telegram)
    if chosen is None:
        raise CodeDeliveryNotConfigured(
            "BANKBOT_DEMO=0 (production) but one-time codes cannot be sent: set TWILIO_ACCOUNT_SID, "
            "TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER so that codes go by SMS (without them no "
            "transfer above the step-up threshold and no card unblocking is possible)."
        )
    return chosen


def read_demo_code(customer_id: int, folder: Path | None = None, purpose: str | None = None) -> str:
    """The last code sent to the customer in demo mode (tests and `bankbot chat` helpers), or the
    last one for `purpose` (a phone change's two codes: "phone_change_old", "phone_change_new")."""
    lines = ((folder or demo_codes_dir()) / f"{customer_id}.txt").read_text().splitlines()
    if purpose is not None:
        lines = [line for line in lines if line.split(" ")[0] == purpose]
    return lines[-1].split()[-1]
