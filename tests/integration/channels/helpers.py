"""Shared by the channel tests on the real stack: the bank's own view of a customer's accounts,
and webhook calls as Twilio (signed) and Telegram (with the webhook secret) make them."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import httpx
from twilio.request_validator import RequestValidator

TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_FROM_NUMBER": "+15005550006",
    "TWILIO_PUBLIC_URL": "https://bank.example.test",
}
ALICE_PHONE = "+14155550101"
BOB_PHONE = "+14155550102"
WEI_PHONE = "+8613800138000"


def accounts_of(stack, username: str) -> list:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import accounts, customers
    from banking_backend.unit_of_work import SqlUnitOfWork

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        with SqlUnitOfWork(make_session_factory(engine)) as uow:
            customer = customers.find_by_username(uow, username)
            return accounts.list_accounts(uow, customer.id)
    finally:
        engine.dispose()


def customer_id(stack, username: str) -> int:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import customers
    from banking_backend.unit_of_work import SqlUnitOfWork

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        return customers.find_by_username(SqlUnitOfWork(make_session_factory(engine)), username).id
    finally:
        engine.dispose()


def user_events(stack, conversation_id: str) -> list[dict]:
    """The user messages of a conversation as Rasa's tracker holds them (with their metadata)."""
    response = httpx.get(
        f"http://127.0.0.1:{stack.ports['rasa']}/conversations/{conversation_id}/tracker",
        params={"token": stack.env.get("RASA_TOKEN", "demo-rasa-token")},
        timeout=30,
    )
    response.raise_for_status()
    return [e for e in response.json()["events"] if e["event"] == "user"]


def amount_en(value: Decimal) -> str:
    return f"{abs(value):,.2f}"


def post_sms(
    gateway,
    sender: str,
    body: str,
    sid: str,
    *,
    auth_token: str = TWILIO["TWILIO_AUTH_TOKEN"],
    signature: str | None = None,
) -> httpx.Response:
    """POST the webhook as Twilio does to `gateway` (a stack, or a gateway's URL): form-encoded,
    signed over the public URL and the params with twilio's own RequestValidator (with
    `auth_token`; or `signature` as given, "" for none)."""
    gateway_url = gateway if isinstance(gateway, str) else gateway.gateway_url
    params = {
        "MessageSid": sid,
        "AccountSid": TWILIO["TWILIO_ACCOUNT_SID"],
        "From": sender,
        "To": TWILIO["TWILIO_FROM_NUMBER"],
        "Body": body,
        "NumMedia": "0",
    }
    url = f"{TWILIO['TWILIO_PUBLIC_URL']}/webhooks/twilio/sms"
    if signature is None:
        signature = RequestValidator(auth_token).compute_signature(url, params)
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if signature:
        headers["X-Twilio-Signature"] = signature
    return httpx.post(
        f"{gateway_url}/webhooks/twilio/sms", content=urlencode(params), headers=headers, timeout=30
    )


def telegram_text(user_id: int, text: str, update_id: int) -> dict:
    """A real Update (python-telegram-bot's classes) of a private-chat text message."""
    from datetime import UTC, datetime

    from telegram import Chat, Message, Update, User

    user, chat = User(id=user_id, first_name=f"u{user_id}", is_bot=False), Chat(id=user_id, type="private")
    message = Message(message_id=update_id, date=datetime.now(UTC), chat=chat, from_user=user, text=text)
    return Update(update_id=update_id, message=message).to_dict()


def post_telegram_to(gateway_url: str, update: dict | bytes, secret: str) -> httpx.Response:
    """POST an update (a dict, or raw bytes as sent) as Telegram does, with the webhook's secret."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "content-type": "application/json"}
    if isinstance(update, dict):
        return httpx.post(f"{gateway_url}/webhooks/telegram", json=update, headers=headers, timeout=30)
    return httpx.post(f"{gateway_url}/webhooks/telegram", content=update, headers=headers, timeout=30)
