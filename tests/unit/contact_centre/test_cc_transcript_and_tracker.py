"""The transcript: the bot's side read from Rasa's tracker store (read-only), the human side
from the queue, in time order, with channels, numbers masked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.exc import OperationalError

from contact_centre import queue
from contact_centre.testing import RASA_EVENTS_DDL, RasaTrackerWriter
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.transcript import merge
from kernel.masking import mask_text

T0 = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("card 4111 1111 1113 1234", "card ••••1234"),
        ("card 4111-1111-1113-1234.", "card ••••1234."),
        ("call +1 415 555 0101", "call ••••0101"),
        ("account 12345678", "account ••••5678"),
        ("send 1,250.00 to bob on 2026-03-16", "send 1,250.00 to bob on 2026-03-16"),
        ("800 yuan, code 123456", "800 yuan, code 123456"),
        ("给王五转800元", "给王五转800元"),
    ],
)
def test_long_numbers_are_masked_to_their_last_four_digits(text, masked):
    assert mask_text(text) == masked


def test_the_writer_makes_the_events_table_exactly_as_rasa_does(tmp_path):
    import sqlite3

    RasaTrackerWriter(f"sqlite:///{tmp_path / 't.db'}").dispose()
    with sqlite3.connect(tmp_path / "t.db") as db:
        ddl = db.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        index = db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    assert ddl == RASA_EVENTS_DDL
    assert index == [("ix_events_sender_id",)]


def test_the_reader_never_writes_to_rasas_database(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    RasaTrackerWriter(url).dispose()
    reader = TrackerStoreReader.from_url(url)
    with pytest.raises(OperationalError, match="readonly"), reader._engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM events")
    reader.dispose()


def test_transcript_merges_bot_and_human_turns_in_order_with_channels(uow, clock, staff, tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    t = RasaTrackerWriter(url)
    t.session_started("customer-1", T0)
    t.user(
        "customer-1",
        T0 + timedelta(seconds=1),
        "my card 4111111111131234 was eaten",
        "card_not_received",
        "web",
    )
    t.bot("customer-1", T0 + timedelta(seconds=2), "I'll find you a person.")
    t.event("customer-1", T0 + timedelta(seconds=3), "pause")
    t.user("customer-2", T0, "someone else", "greet", "web")
    t.dispose()
    clock.now = T0 + timedelta(seconds=4)
    h = queue.enqueue(uow, "customer-1", 1, "web", "requested")
    clock.now = T0 + timedelta(seconds=5)
    queue.record_customer_message(uow, "customer-1", "sms", "on my phone now")
    queue.claim(uow, h.id, staff.ann.id)
    clock.now = T0 + timedelta(seconds=6)
    queue.record_agent_reply(uow, h.id, staff.ann.id, "Hello, Ann here")

    reader = TrackerStoreReader.from_url(url)
    lines = merge(reader.conversation("customer-1"), queue.turns_for_conversation(uow, "customer-1"))
    reader.dispose()
    assert [(line.speaker, line.channel, line.text) for line in lines] == [
        ("event", None, "new session"),
        ("customer", "web", "my card ••••1234 was eaten"),
        ("bot", "web", "I'll find you a person."),
        ("event", "web", "paused for a human"),
        ("customer", "sms", "on my phone now"),
        ("agent", "sms", "Hello, Ann here"),
    ]
    assert lines[1].detail == "card_not_received" and lines[-1].detail == "ann"


def test_a_missing_tracker_database_reads_as_no_history(tmp_path):
    reader = TrackerStoreReader.from_url(f"sqlite:///{tmp_path / 'none.db'}")
    assert reader.conversation("customer-1") == []
    assert not (tmp_path / "none.db").exists()


@given(
    number=st.text(alphabet="0123456789", min_size=7, max_size=12),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_any_account_or_phone_number_keeps_only_its_last_four_digits(number, separator):
    grouped = separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    assert mask_text(f"card {grouped} please") == f"card ••••{number[-4:]} please"
