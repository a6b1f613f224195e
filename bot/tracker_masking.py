"""Rasa's SQL tracker store, writing what customers type masked by the house rule (kernel/masking.py).

Masking happens when a turn is saved, so the turn itself (its actions, its forms) worked on the
clear text; later turns read the masked events back, which is why only what a customer typed is
masked: their messages (text, parse data, entity values), the slots filled from them, and the
bot's words. An answer to a one-time-code question (the form's `requested_slot` is a code slot)
has all its digits hidden. Endpoints: `tracker_store: type: bot.tracker_masking.MaskingSQLTrackerStore`
with the SQL store's own settings (dialect, db, url, ...).

Runs in the Rasa runtime (Python 3.10); it lives outside bot/components, whose code is part of
the model's fingerprint."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from kernel.masking import MASK, mask_code, mask_log_records, mask_text, mask_value

# The slots a form fills with a one-time code (actions: validate_transfer_otp, validate_unblock_otp,
# the phone change's two codes in actions/profile.py).
CODE_SLOTS = frozenset({"transfer_otp", "unblock_otp", "profile_old_code", "profile_new_code"})
# Slot mappings by which a customer's own words reach a slot.
TYPED_MAPPINGS = frozenset({"from_text", "from_entity"})
# An amount slot holding a bare number (what its validator made of "1000000") holds money: spared.
_BARE_AMOUNT = re.compile(r"\d+(?:\.\d+)?")


class _StoredEvent:
    """What SQLTrackerStore.save reads of an event: its type and its dict."""

    def __init__(self, type_name: str, data: dict[str, Any]) -> None:
        self.type_name = type_name
        self._data = data

    def as_dict(self) -> dict[str, Any]:
        return self._data


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The process that keeps conversations masked logs them masked too (Rasa's debug log
        # quotes each message).
        mask_log_records()

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        new = list(super()._additional_events(session, tracker))
        earlier = list(tracker.events)[: len(tracker.events) - len(new)]
        return iter(masked_events(earlier, new, self._typed_slots()))

    def _typed_slots(self) -> frozenset[str]:
        return frozenset(
            slot.name
            for slot in self.domain.slots
            if any(m.get("type") in TYPED_MAPPINGS for m in getattr(slot, "mappings", None) or [])
        )


def masked_events(earlier: Iterable[Event], new: Iterable[Event], typed_slots: frozenset[str]) -> list:
    """`new` as they are to be stored; `earlier` (already stored) tells which question was open."""
    turn = _Turn()
    for event in earlier:
        turn.follow(event.as_dict())
    stored = []
    for event in new:
        data = event.as_dict()
        turn.follow(data)
        stored.append(_StoredEvent(event.type_name, turn.masked(data, typed_slots)))
    return stored


class _Turn:
    """Where the conversation is: the question open (`requested_slot`) and, after a message that
    answered a code question, the digits it held (hidden wherever this turn's slots repeat them)."""

    def __init__(self) -> None:
        self.requested: str | None = None
        self.code_digits: frozenset[str] = frozenset()

    def follow(self, data: dict[str, Any]) -> None:
        kind = data.get("event")
        if kind == "user":
            text = data.get("text") if isinstance(data.get("text"), str) else ""
            at_code_step = self.requested in CODE_SLOTS
            self.code_digits = frozenset(re.findall(r"\d+", text)) if at_code_step else frozenset()
        elif kind == "slot" and data.get("name") == "requested_slot":
            self.requested = data.get("value")
        elif kind in ("restart", "reset_slots", "session_started"):
            self.requested = None

    def hide_code(self, text: str) -> str:
        if not self.code_digits:
            return text
        return re.sub(r"\d+", lambda m: MASK if m.group() in self.code_digits else m.group(), text)

    def masked(self, data: dict[str, Any], typed_slots: frozenset[str]) -> dict[str, Any]:
        """One event's dict as it is stored (`follow` has seen it)."""
        kind = data.get("event")
        if kind == "user":
            mask = mask_code if self.code_digits else mask_text
            data = copy.deepcopy(data)
            if isinstance(data.get("text"), str):
                data["text"] = mask(data["text"])
            parse_data = data.get("parse_data")
            if isinstance(parse_data, dict):
                if isinstance(parse_data.get("text"), str):
                    parse_data["text"] = mask(parse_data["text"])
                for entity in parse_data.get("entities") or []:
                    if isinstance(entity, dict) and "value" in entity:
                        entity["value"] = mask_value(entity["value"], mask)
            return data
        if kind == "slot" and data.get("name") in typed_slots | CODE_SLOTS:
            name, value = data["name"], data.get("value")
            if name in CODE_SLOTS:
                return {**data, "value": mask_value(value, mask_code)}
            value = mask_value(value, self.hide_code)
            if name.endswith("_amount") and isinstance(value, str) and _BARE_AMOUNT.fullmatch(value):
                return {**data, "value": value}
            return {**data, "value": mask_value(value, mask_text)}
        if kind == "bot" and isinstance(data.get("text"), str):
            return {**data, "text": mask_text(data["text"])}  # the bot may repeat what it was told
        return data
