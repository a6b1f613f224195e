"""The identity contract between the gateway and the actions: the conversation ids (built and
parsed here only), and signed statements of who sent a message, made by the gateway and checked
by actions.

A known customer's conversation is `customer-<id>` on every channel (one memory across web, SMS
and Telegram); a contact the bank does not know has `anon-<channel>-<contact>`, the channel's
own id for them (a phone number, a chat id, a web session).

Rasa's REST channel listens on loopback and copies whatever metadata it is given into the
tracker, so actions do not take a customer id on trust: the gateway signs (customer id,
channel, conversation, a message id of its own, the digest of the exact text it sends, time)
with a secret shared with the action server, and actions accept only a fresh, correctly signed
statement about the message they are answering. A statement lifted from one message (the
tracker store keeps them) does not vouch for another text or another conversation.
Pure Python: imported by the gateway and the action server alike.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass

from kernel import deployment_secrets
from kernel.deployment_secrets import IDENTITY_SECRET

CUSTOMER_PREFIX = "customer-"
ANONYMOUS_PREFIX = "anon-"

DEMO_SECRET = IDENTITY_SECRET.demo_value
MAX_AGE_SECONDS = 15 * 60


def conversation_id_for(customer_id: int) -> str:
    """The one conversation of a known customer, whatever the channel."""
    return f"{CUSTOMER_PREFIX}{customer_id}"


def anonymous_conversation_id(channel: str, contact: str) -> str:
    """The conversation of a contact the bank does not know, on one channel."""
    return f"{ANONYMOUS_PREFIX}{channel}-{contact}"


def customer_id_of(conversation_id: str) -> int | None:
    """The customer whose conversation this is, or None (anonymous, or not one of ours)."""
    digits = conversation_id.removeprefix(CUSTOMER_PREFIX)
    if digits == conversation_id or not digits.isascii() or not digits.isdigit():
        return None
    return int(digits)


def anonymous_contact_of(conversation_id: str, channel: str) -> str | None:
    """The channel's own contact of an anonymous conversation on `channel`, else None."""
    prefix = f"{ANONYMOUS_PREFIX}{channel}-"
    if not conversation_id.startswith(prefix):
        return None
    return conversation_id[len(prefix) :]


def identity_secret() -> bytes:
    return deployment_secrets.value(IDENTITY_SECRET).encode()


def text_digest(text: str | None) -> str:
    """The digest of a message as Rasa keeps it: Rasa's `UserMessage` strips the text it
    receives, so the user event holds `text.strip()`; both sides digest that."""
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


@dataclass(frozen=True)
class VerifiedIdentity:
    customer_id: int
    channel: str
    conversation_id: str
    issued_at: int
    message_id: str = ""
    text_sha256: str = ""


def _signature(payload: dict, secret: bytes) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def sign_identity(
    customer_id: int,
    channel: str,
    conversation_id: str,
    text: str,
    *,
    message_id: str | None = None,
    now: int | None = None,
    secret: bytes | None = None,
) -> dict:
    """The statement to send as the message's metadata `identity`, for exactly this text."""
    payload = {
        "customer_id": int(customer_id),
        "channel": channel,
        "conversation_id": conversation_id,
        "issued_at": now if now is not None else int(time.time()),
        "message_id": message_id or uuid.uuid4().hex,
        "text_sha256": text_digest(text),
    }
    return {**payload, "signature": _signature(payload, secret or identity_secret())}


def verify_identity(
    statement: object,
    conversation_id: str,
    text: str | None,
    *,
    now: int | None = None,
    secret: bytes | None = None,
    max_age: int = MAX_AGE_SECONDS,
) -> VerifiedIdentity | None:
    """The customer of a signed statement about `text` in `conversation_id`; None if missing,
    forged, stale, or made for another conversation or another message."""
    if not isinstance(statement, dict):
        return None
    try:
        payload = {
            "customer_id": int(statement["customer_id"]),
            "channel": str(statement["channel"]),
            "conversation_id": str(statement["conversation_id"]),
            "issued_at": int(statement["issued_at"]),
            "message_id": str(statement["message_id"]),
            "text_sha256": str(statement["text_sha256"]),
        }
        signature = str(statement["signature"])
    except (KeyError, TypeError, ValueError):
        return None
    expected = _signature(payload, secret or identity_secret())
    if not hmac.compare_digest(expected, signature):
        return None
    if payload["conversation_id"] != conversation_id:
        return None
    if not hmac.compare_digest(payload["text_sha256"], text_digest(text)):
        return None
    age = (now if now is not None else int(time.time())) - payload["issued_at"]
    if age > max_age or age < -60:
        return None
    return VerifiedIdentity(**payload)
