"""The `cc_bot_events` table: the consumer's idempotent writer and the figures' reader."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from contact_centre.events.record import EventRecord
from contact_centre.models import BotEvent
from contact_centre.unit_of_work import CentreUnitOfWork

table = BotEvent.__table__


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BotEventStore:
    """Writes events; a second write of the same event (a redelivery after a crash between commit
    and ack) changes nothing."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = _utc_now) -> None:
        self._engine = engine
        self._clock = clock

    def check_schema(self) -> None:
        """Raises if the table is missing (run `bankbot migrate`)."""
        with self._engine.connect() as conn:
            conn.execute(select(table.c.id).limit(1)).all()

    def add(self, record: EventRecord) -> bool:
        """True if stored, False if it was already there."""
        return bool(self.add_many([record]))

    def add_many(self, records: list[EventRecord]) -> set[str]:
        """Writes the records in one transaction; returns the keys of those not already there."""
        if not records:
            return set()
        now = self._clock()
        values = [_row(record, now) for record in records]
        dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(self._engine.dialect.name)
        if dialect is not None:
            statement = (
                dialect.insert(table)
                .values(values)
                .on_conflict_do_nothing(index_elements=["event_key"])
                .returning(table.c.event_key)
            )
            with self._engine.begin() as conn:
                return set(conn.execute(statement).scalars())
        return self._add_one_by_one(values)

    def _add_one_by_one(self, values: list[dict[str, Any]]) -> set[str]:
        # Other databases: no ON CONFLICT; the unique key still holds, one row at a time.
        stored = set()
        for row in values:
            try:
                with self._engine.begin() as conn:
                    conn.execute(insert(table).values(row))
            except IntegrityError:
                continue
            stored.add(row["event_key"])
        return stored

    def dispose(self) -> None:
        self._engine.dispose()


def _row(record: EventRecord, received_at: datetime) -> dict[str, Any]:
    return {
        "event_key": record.event_key,
        "conversation_id": record.conversation_id,
        "event_type": record.event_type,
        "occurred_at": record.occurred_at,
        "intent_name": record.intent_name,
        "intent_confidence": record.intent_confidence,
        "action_name": record.action_name,
        "channel": record.channel,
        "slot_name": record.slot_name,
        "slot_value": record.slot_value,
        "received_at": received_at,
    }


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """A stored event, with the attributes the figures read (as TrackerEvent has them)."""

    id: int
    sender_id: str
    type_name: str
    at: datetime
    intent_name: str | None
    channel: str | None
    slot: tuple[str, Any] | None


class BotEventsReader:
    """The figures' source when they come from the event feed."""

    def __init__(self, uow: CentreUnitOfWork) -> None:
        self._uow = uow

    def between(self, since: datetime, until: datetime) -> list[FeedEvent]:
        with self._uow as uow:
            rows = uow.session.scalars(
                select(BotEvent)
                .where(BotEvent.occurred_at >= since, BotEvent.occurred_at < until)
                .order_by(BotEvent.conversation_id, BotEvent.occurred_at, BotEvent.id)
            )
            return [_feed_event(row) for row in rows]


def _feed_event(row: BotEvent) -> FeedEvent:
    slot = None
    if row.event_type == "slot" and row.slot_name:
        slot = (row.slot_name, json.loads(row.slot_value) if row.slot_value is not None else None)
    return FeedEvent(
        id=row.id,
        sender_id=row.conversation_id,
        type_name=row.event_type,
        at=row.occurred_at,
        intent_name=row.intent_name,
        channel=row.channel,
        slot=slot,
    )
