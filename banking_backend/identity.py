"""Signed statements of who the acting customer is, made by the gateway and checked by actions.

Rasa's REST channel listens on loopback and copies whatever metadata it is given into the
tracker, so actions do not take a customer id on trust: the gateway signs
(customer id, channel, conversation, time) with a secret shared with the action server,
and actions accept only a fresh, correctly signed statement.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from banking_backend import deployment_secrets
from banking_backend.deployment_secrets import IDENTITY_SECRET

DEMO_SECRET = IDENTITY_SECRET.demo_value
MAX_AGE_SECONDS = 15 * 60


def identity_secret() -> bytes:
    return deployment_secrets.value(IDENTITY_SECRET).encode()


@dataclass(frozen=True)
class VerifiedIdentity:
    customer_id: int
    channel: str
    conversation_id: str
    issued_at: int


def _signature(payload: dict, secret: bytes) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def sign_identity(
    customer_id: int,
    channel: str,
    conversation_id: str,
    *,
    now: int | None = None,
    secret: bytes | None = None,
) -> dict:
    payload = {
        "customer_id": int(customer_id),
        "channel": channel,
        "conversation_id": conversation_id,
        "issued_at": now if now is not None else int(time.time()),
    }
    return {**payload, "signature": _signature(payload, secret or identity_secret())}


def verify_identity(
    statement: object,
    conversation_id: str,
    *,
    now: int | None = None,
    secret: bytes | None = None,
    max_age: int = MAX_AGE_SECONDS,
) -> VerifiedIdentity | None:
    """The customer of a signed statement; None if missing, forged, stale or for another conversation."""
    if not isinstance(statement, dict):
        return None
    try:
        payload = {
            "customer_id": int(statement["customer_id"]),
            "channel": str(statement["channel"]),
            "conversation_id": str(statement["conversation_id"]),
            "issued_at": int(statement["issued_at"]),
        }
        signature = str(statement["signature"])
    except (KeyError, TypeError, ValueError):
        return None
    expected = _signature(payload, secret or identity_secret())
    if not hmac.compare_digest(expected, signature):
        return None
    if payload["conversation_id"] != conversation_id:
        return None
    age = (now if now is not None else int(time.time())) - payload["issued_at"]
    if age > max_age or age < -60:
        return None
    return VerifiedIdentity(**payload)
