"""Reads Rasa 3.6's SQL tracker store (table `events`) read-only: the bot's side of each
conversation, for the transcript and the figures."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
)

DEFAULT_TRACKER_DB_URL = "sqlite:///var/rasa_tracker.db"

# The shape Rasa's SQLTrackerStore gives the table (rasa/core/tracker_store.py, SQLEvent).
metadata = MetaData()
events_table = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def tracker_db_url(env: dict[str, str] | None = None) -> str:
    env = dict(os.environ if env is None else env)
    return env.get("BANKBOT_TRACKER_DB_URL", "").strip() or DEFAULT_TRACKER_DB_URL


@dataclass(frozen=True, slots=True)
class TrackerEvent:
    id: int
    sender_id: str
    type_name: str  # user, bot, action, slot, session_started, pause, resume, ...
    at: datetime
    intent_name: str | None
    action_name: str | None
    data: dict[str, Any]

    @property
    def text(self) -> str | None:
        return self.data.get("text")

    @property
    def channel(self) -> str | None:
        metadata = self.data.get("metadata") or {}
        return metadata.get("channel") or self.data.get("input_channel")

    @property
    def slot(self) -> tuple[str, Any] | None:
        if self.type_name != "slot":
            return None
        return self.data.get("name"), self.data.get("value")


def make_readonly_engine(url: str | None = None) -> Engine:
    """SQLite is opened in read-only mode (and the file is never created); other databases are
    protected by a read-only transaction per connection."""
    url = url or tracker_db_url()
    if url.startswith("sqlite:///") and url not in ("sqlite://", "sqlite:///:memory:"):
        path = url.removeprefix("sqlite:///")
        engine = create_engine(
            f"sqlite:///file:{path}?mode=ro&uri=true", connect_args={"check_same_thread": False}
        )
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _readonly(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.close()
            dbapi_connection.commit()

    return engine


class TrackerStoreReader:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def from_url(cls, url: str | None = None) -> TrackerStoreReader:
        return cls(make_readonly_engine(url))

    def _rows(self, query: Any) -> list[TrackerEvent]:
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(query).all()
        except Exception as exc:  # noqa: BLE001 - a missing tracker file means no bot history yet
            if _no_table(exc):
                return []
            raise
        return [_event(row) for row in rows]

    def conversation(self, sender_id: str) -> list[TrackerEvent]:
        t = events_table
        return self._rows(select(t).where(t.c.sender_id == sender_id).order_by(t.c.timestamp, t.c.id))

    def between(self, since: datetime, until: datetime) -> list[TrackerEvent]:
        t = events_table
        return self._rows(
            select(t)
            .where(t.c.timestamp >= since.timestamp(), t.c.timestamp < until.timestamp())
            .order_by(t.c.sender_id, t.c.timestamp, t.c.id)
        )

    def dispose(self) -> None:
        self._engine.dispose()


def _no_table(exc: Exception) -> bool:
    message = str(exc).lower()
    return "no such table" in message or "unable to open database" in message or "does not exist" in message


def _event(row: Any) -> TrackerEvent:
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        data = {}
    return TrackerEvent(
        id=row.id,
        sender_id=row.sender_id,
        type_name=row.type_name,
        at=datetime.fromtimestamp(row.timestamp or 0.0, UTC),
        intent_name=row.intent_name,
        action_name=row.action_name,
        data=data if isinstance(data, dict) else {},
    )
