"""Rasa's broker messages become the rows the figures need (never the customer's words); a
message stored twice is one row; the figures of the seeded week are the same from either source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from contact_centre import figures
from contact_centre.db import make_engine
from contact_centre.events.record import MalformedEvent, parse_body
from contact_centre.events.store import BotEventsReader, BotEventStore
from contact_centre.models import BotEvent
from contact_centre.unit_of_work import CentreUnitOfWork
from tests.unit.contact_centre.seeded_figures import EXPECTED, SINCE, UNTIL, RasaEventBodies, seed_week

# Made by Rasa 3.6 itself: see make_rasa_broker_events.py beside it.
RASA_BODIES = json.loads(Path(__file__).with_name("rasa_broker_events.json").read_text())


def encoded(body: dict) -> bytes:
    return json.dumps(body).encode()  # as PikaEventBroker._message does


@pytest.fixture
def store(db_url):
    s = BotEventStore(make_engine(db_url))
    yield s
    s.dispose()


def test_real_rasa_events_keep_what_the_figures_need_and_not_what_the_customer_wrote():
    records = [parse_body(encoded(body)) for body in RASA_BODIES]
    assert [r.event_type for r in records] == (
        "action session_started action slot user action slot bot slot pause resume".split()
    )
    assert {r.conversation_id for r in records} == {"customer-1"}
    user = records[4]
    assert (user.intent_name, user.intent_confidence, user.channel) == ("check_balance", 0.93, "web")
    assert user.occurred_at.isoformat() == "2026-03-10T09:00:01+00:00"
    assert records[5].action_name == "action_check_balance"
    slots = {r.slot_name: r.slot_value for r in records if r.event_type == "slot"}
    assert slots == {"language": '"en"', "account_number": None, "satisfaction": '"4"'}
    assert "12345678" not in repr(records) and "balance of" not in repr(records)


def test_the_seeded_week_is_published_in_rasa_s_own_shape(db_url):
    bodies = RasaEventBodies()
    seed_week(db_url, None, tracker=bodies)
    real_shapes = {(b["event"], frozenset(b)) for b in RASA_BODIES}
    assert {(b["event"], frozenset(b)) for b in bodies.bodies} <= real_shapes


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"event": "user", "timestamp": 1773133200.0}',
        b'{"sender_id": "", "event": "user", "timestamp": 1773133200.0}',
        b'{"sender_id": "c", "timestamp": 1773133200.0}',
        b'{"sender_id": "c", "event": "user"}',
        b'{"sender_id": "c", "event": "user", "timestamp": "yesterday"}',
        b'{"sender_id": "c", "event": "user", "timestamp": true}',
        b'{"sender_id": "c", "event": "user", "timestamp": 1e300}',
        encoded({"sender_id": "c" * 256, "event": "user", "timestamp": 1773133200.0}),
    ],
)
def test_a_message_that_is_not_a_rasa_event_is_malformed(body):
    with pytest.raises(MalformedEvent):
        parse_body(body)


def test_odd_but_valid_fields_are_dropped_rather_than_refused():
    record = parse_body(
        encoded({"sender_id": "c", "event": "user", "timestamp": 1, "parse_data": None, "metadata": "x"})
    )
    assert (record.intent_name, record.intent_confidence, record.channel) == (None, None, None)


def test_the_same_event_has_one_key_and_another_event_another():
    body = RASA_BODIES[4]
    reordered = dict(reversed(list(body.items())))
    assert parse_body(encoded(body)).event_key == parse_body(encoded(reordered)).event_key
    later = {**body, "timestamp": body["timestamp"] + 0.001}
    assert parse_body(encoded(body)).event_key != parse_body(encoded(later)).event_key


def test_storing_the_same_message_twice_makes_one_row(store, db_url):
    record = parse_body(encoded(RASA_BODIES[4]))
    assert store.add(record) is True
    assert store.add(record) is False
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(BotEvent)).scalar_one() == 1
    engine.dispose()


def test_a_batch_holding_one_event_twice_and_one_already_stored_adds_only_the_new(store, db_url):
    first, second, third = (parse_body(encoded(body)) for body in RASA_BODIES[3:6])
    store.add(first)
    assert store.add_many([first, second, second, third]) == {second.event_key, third.event_key}
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(BotEvent)).scalar_one() == 3
    engine.dispose()


def test_the_reader_gives_slots_back_with_their_values(store, db_url):
    for body in RASA_BODIES:
        store.add(parse_body(encoded(body)))
    events = BotEventsReader(CentreUnitOfWork.from_url(db_url)).between(SINCE, UNTIL)
    assert [e.slot for e in events if e.slot] == [
        ("language", "en"),
        ("account_number", None),
        ("satisfaction", "4"),
    ]
    assert [e.channel for e in events if e.type_name == "user"] == ["web"]


def test_figures_from_the_event_table_equal_those_computed_by_hand(store, db_url):
    bodies = RasaEventBodies()
    bank = seed_week(db_url, None, tracker=bodies)
    for body in bodies.bodies:
        store.add(parse_body(encoded(body)))
    week = figures.gather(SINCE, UNTIL, None, CentreUnitOfWork.from_url(db_url), bank, source="events")
    got = {name: getattr(week, name) for name in EXPECTED}
    got["top_intents"] = dict(week.top_intents)
    assert got == EXPECTED


@pytest.mark.parametrize(
    ("env", "source"),
    [({}, "tracker_store"), ({"BANKBOT_FIGURES_SOURCE": "events"}, "events"),
     ({"BANKBOT_FIGURES_SOURCE": "tracker_store", "RABBITMQ_URL": "amqp://x/"}, "tracker_store")],
)  # fmt: skip
def test_the_figures_source_is_chosen_by_one_variable(env, source):
    assert figures.figures_source(env) == source


def test_a_mistyped_figures_source_is_an_error_not_the_other_source():
    with pytest.raises(ValueError, match="BANKBOT_FIGURES_SOURCE"):
        figures.figures_source({"BANKBOT_FIGURES_SOURCE": "event"})
