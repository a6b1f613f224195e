"""Test aids shared by our tests and the lead's integration tests: a writer of Rasa 3.6 SQL
tracker-store rows (the `events` table exactly as Rasa creates it, rows as Rasa's
SQLTrackerStore.save writes them). It stands in for Rasa, never for the code under test."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, insert

from contact_centre.tracker_store import events_table, metadata

# What Rasa 3.6.21 itself creates on SQLite (read from sqlite_master after SQLTrackerStore()).
RASA_EVENTS_DDL = (
    "CREATE TABLE events (\n\tid INTEGER NOT NULL, \n\tsender_id VARCHAR(255) NOT NULL, \n\t"
    "type_name VARCHAR(255) NOT NULL, \n\ttimestamp FLOAT, \n\tintent_name VARCHAR(255), \n\t"
    "action_name VARCHAR(255), \n\tdata TEXT, \n\tPRIMARY KEY (id)\n)"
)


class RasaTrackerWriter:
    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url)
        metadata.create_all(self.engine)

    def _save(self, sender_id: str, data: dict[str, Any]) -> None:
        # Rasa's SQLTrackerStore.save: intent from parse_data, action_name from data["name"]
        # (so a slot event's action_name is the slot's name), the whole event as JSON.
        intent = data.get("parse_data", {}).get("intent", {}).get("name")
        with self.engine.begin() as conn:
            conn.execute(
                insert(events_table).values(
                    sender_id=sender_id,
                    type_name=data["event"],
                    timestamp=data.get("timestamp"),
                    intent_name=intent,
                    action_name=data.get("name"),
                    data=json.dumps(data),
                )
            )

    def session_started(self, sender_id: str, at: datetime) -> None:
        ts = at.timestamp()
        self._save(
            sender_id,
            {
                "event": "action",
                "timestamp": ts,
                "name": "action_session_start",
                "policy": None,
                "confidence": 1.0,
                "action_text": None,
                "hide_rule_turn": False,
            },
        )
        self._save(sender_id, {"event": "session_started", "timestamp": ts})
        self._save(
            sender_id,
            {
                "event": "action",
                "timestamp": ts,
                "name": "action_listen",
                "policy": None,
                "confidence": None,
                "action_text": None,
                "hide_rule_turn": False,
            },
        )

    def user(
        self, sender_id: str, at: datetime, text: str, intent: str, channel: str, confidence: float = 0.95
    ) -> None:
        metadata_ = {"channel": channel}
        self._save(
            sender_id,
            {
                "event": "user",
                "timestamp": at.timestamp(),
                "metadata": metadata_,
                "text": text,
                "parse_data": {
                    "intent": {"name": intent, "confidence": confidence},
                    "entities": [],
                    "text": text,
                    "message_id": None,
                    "metadata": metadata_,
                },
                "input_channel": "rest",
                "message_id": None,
            },
        )

    def bot(self, sender_id: str, at: datetime, text: str, utter_action: str = "utter_default") -> None:
        self._save(
            sender_id,
            {
                "event": "bot",
                "timestamp": at.timestamp(),
                "metadata": {"utter_action": utter_action},
                "text": text,
                "data": {"elements": None},
            },
        )

    def slot(self, sender_id: str, at: datetime, name: str, value: Any) -> None:
        self._save(sender_id, {"event": "slot", "timestamp": at.timestamp(), "name": name, "value": value})

    def event(self, sender_id: str, at: datetime, type_name: str) -> None:
        """A bare event such as `pause` or `resume`."""
        self._save(sender_id, {"event": type_name, "timestamp": at.timestamp()})

    def dispose(self) -> None:
        self.engine.dispose()
