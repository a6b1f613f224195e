"""A message of Rasa's event broker, read into the row the figures need.

Rasa 3.6 publishes `json.dumps({"sender_id": ..., **event.as_dict()})` per tracker event
(TrackerStore._stream_new_events, PikaEventBroker._message). We keep the conversation, the event
type and time, the intent, the action, the channel and the slots the figures read; never the
customer's text."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The slots whose values the figures read; other slots keep their name only (values may be
# customers' data: amounts, payees).
FIGURE_SLOTS = frozenset({"language", "satisfaction"})
MAX_NAME = 255
MAX_TYPE = 64
MAX_CHANNEL = 64


class MalformedEvent(ValueError):
    """The message is not one of Rasa's events: it can never be stored, so it is rejected."""


@dataclass(frozen=True, slots=True)
class EventRecord:
    event_key: str
    conversation_id: str
    event_type: str
    occurred_at: datetime
    intent_name: str | None = None
    intent_confidence: float | None = None
    action_name: str | None = None
    channel: str | None = None
    slot_name: str | None = None
    slot_value: str | None = None  # JSON


def parse_body(body: bytes) -> EventRecord:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedEvent(f"not JSON: {exc.__class__.__name__}") from None
    if not isinstance(data, dict):
        raise MalformedEvent("not a JSON object")
    sender = data.get("sender_id")
    if not isinstance(sender, str) or not sender or len(sender) > MAX_NAME:
        raise MalformedEvent("no usable sender_id")
    event_type = data.get("event")
    if not isinstance(event_type, str) or not event_type or len(event_type) > MAX_TYPE:
        raise MalformedEvent("no usable event type")
    return EventRecord(
        event_key=event_key(data),
        conversation_id=sender,
        event_type=event_type,
        occurred_at=_time(data.get("timestamp")),
        intent_name=_name(_intent(data).get("name")) if event_type == "user" else None,
        intent_confidence=_number(_intent(data).get("confidence")) if event_type == "user" else None,
        action_name=_name(data.get("name")) if event_type == "action" else None,
        channel=_channel(data) if event_type == "user" else None,
        slot_name=_name(data.get("name")) if event_type == "slot" else None,
        slot_value=_slot_value(data) if event_type == "slot" else None,
    )


def event_key(data: dict[str, Any]) -> str:
    """The identity of one published event: its whole body (sender, type, timestamp and content)
    in canonical JSON, hashed. A redelivery of the same message has the same key."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _time(value: Any) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MalformedEvent("no usable timestamp")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedEvent("timestamp out of range") from None


def _intent(data: dict[str, Any]) -> dict[str, Any]:
    parse_data = data.get("parse_data")
    intent = parse_data.get("intent") if isinstance(parse_data, dict) else None
    return intent if isinstance(intent, dict) else {}


def _name(value: Any) -> str | None:
    return value[:MAX_NAME] if isinstance(value, str) and value else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _channel(data: dict[str, Any]) -> str | None:
    # As the tracker-store reader does: the gateway's channel in the metadata, else Rasa's.
    metadata = data.get("metadata")
    channel = metadata.get("channel") if isinstance(metadata, dict) else None
    channel = channel or data.get("input_channel")
    return channel[:MAX_CHANNEL] if isinstance(channel, str) and channel else None


def _slot_value(data: dict[str, Any]) -> str | None:
    if data.get("name") not in FIGURE_SLOTS:
        return None
    return json.dumps(data.get("value"), ensure_ascii=False, default=str)
