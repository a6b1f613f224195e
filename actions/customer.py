"""Who is asking: the customer that the gateway signed into the message metadata, nothing typed."""

from __future__ import annotations

from rasa_sdk import Tracker

from banking_backend.identity import VerifiedIdentity, verify_identity


def latest_metadata(tracker: Tracker) -> dict:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def acting_customer(tracker: Tracker) -> VerifiedIdentity | None:
    """The verified customer of the latest message, or None for an anonymous or forged one."""
    return verify_identity(latest_metadata(tracker).get("identity"), tracker.sender_id)
