"""Rasa's event broker feeds the figures: Rasa's own PikaEventBroker publishes to a real RabbitMQ,
the consumer runs as its own process, and the console shows the figures worked out by hand."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Callable, Iterator

import aio_pika
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from banking_backend.migrate import upgrade as upgrade_bank
from contact_centre import agents
from contact_centre.console import ConsoleDeps, create_console_app
from contact_centre.console.settings import ConsoleSettings
from contact_centre.db import make_engine
from contact_centre.delivery import RecordingDeliverer, RecordingResumer
from contact_centre.desk import HandoffDesk
from contact_centre.events.record import parse_body
from contact_centre.events.store import BotEventStore
from contact_centre.migrate import upgrade
from contact_centre.models import BotEvent
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.unit_of_work import CentreUnitOfWork
from tests.integration.contact_centre.event_feed import (
    ConsumerProcess,
    FeedNames,
    close_connection_server_side,
    connection_pids,
    free_port,
    publish_raw,
    publish_with_rasa,
)
from tests.support.postgres import fresh_database
from tests.support.services import rabbitmq_url
from tests.unit.contact_centre.seeded_figures import EXPECTED, RasaEventBodies, seed_week

pytestmark = pytest.mark.rabbitmq

PERIOD = "since=2026-03-10&until=2026-03-16"


def event(sender: str, ts: float, intent: str, channel: str = "web") -> dict:
    """A user message in the shape of Rasa's UserUttered.as_dict()."""
    meta = {"channel": channel}
    return {
        "sender_id": sender,
        "event": "user",
        "timestamp": ts,
        "metadata": meta,
        "text": "hello",
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "metadata": meta},
        "input_channel": "rest",
        "message_id": None,
    }


@pytest.fixture
def names() -> Iterator[FeedNames]:
    feed = FeedNames.unique()
    yield feed
    feed.delete()


def _migrated(url: str) -> str:
    upgrade_bank(url)
    upgrade(url)
    return url


@pytest.fixture
def db_url(tmp_path) -> str:
    return _migrated(f"sqlite:///{tmp_path / 'centre.db'}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield _migrated(f"sqlite:///{tmp_path / 'centre.db'}")
        return
    with fresh_database("cc_events_it") as url:
        yield _migrated(url)


@pytest.fixture
def consumer(names, tmp_path) -> Iterator[Callable[[str], ConsumerProcess]]:
    started: list[ConsumerProcess] = []

    def start(database_url: str) -> ConsumerProcess:
        process = ConsumerProcess(names, database_url, tmp_path / f"consumer-{len(started)}.log")
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()


def rows(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(BotEvent)).scalar_one()
    finally:
        engine.dispose()


def console_csv(db_url: str, bank, tmp_path, supervisor: str) -> dict[str, dict[str, str]]:
    """The dashboard's CSV as a (new) supervisor downloads it, by section."""
    centre = CentreUnitOfWork.from_url(db_url)
    agents.create_agent(centre, supervisor, f"{supervisor}-password-123", role="supervisor")
    desk = HandoffDesk(centre, RecordingDeliverer(), RecordingResumer(), bank=bank)
    # Rasa's tracker store is empty here: whatever the console shows came from the event feed.
    tracker = TrackerStoreReader.from_url(f"sqlite:///{tmp_path / 'no_tracker_store.db'}")
    deps = ConsoleDeps(desk, tracker, ConsoleSettings(secret="s" * 40), bank)
    app = Starlette(routes=[Mount("/console", create_console_app(deps))])
    with TestClient(app, follow_redirects=False) as c:
        token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/console/login").text).group(1)
        c.post(
            "/console/login",
            data={"username": supervisor, "password": f"{supervisor}-password-123", "csrf_token": token},
        )
        response = c.get(f"/console/dashboard.csv?{PERIOD}")
    assert response.status_code == 200
    table: dict[str, dict[str, str]] = {}
    for section, key, value in list(csv.reader(io.StringIO(response.text)))[1:]:
        table.setdefault(section, {})[key] = value
    return table


def test_the_dashboard_shows_the_hand_computed_week_from_rasa_s_events(
    any_db_url, names, consumer, tmp_path, monkeypatch
):
    bodies = RasaEventBodies()
    bank = seed_week(any_db_url, None, tracker=bodies)
    feed = consumer(any_db_url)
    publish_with_rasa(names, bodies.bodies, tmp_path)
    status = feed.wait_for(lambda s: s["stored"] == len(bodies.bodies), "stored the week")
    assert (status["duplicates"], status["rejected"]) == (0, 0)
    assert rows(any_db_url) == len(bodies.bodies)

    monkeypatch.setenv("BANKBOT_FIGURES_SOURCE", "events")
    table = console_csv(any_db_url, bank, tmp_path, "sue")
    assert table["conversations"] == {"total": str(EXPECTED["conversations"])}
    assert table["conversations_by_channel"] == {k: str(v) for k, v in EXPECTED["by_channel"].items()}
    assert table["conversations_by_language"] == {k: str(v) for k, v in EXPECTED["by_language"].items()}
    assert table["handoff_reasons"] == {k: str(v) for k, v in EXPECTED["handoff_reasons"].items()}
    assert table["top_intents"] == {k: str(v) for k, v in EXPECTED["top_intents"].items()}
    assert table["rates"] == {"containment": "0.5", "handoff": "0.5", "fallback": "0.25"}
    assert table["satisfaction"] == {"average": "3.25", "count": "4"}
    assert table["satisfaction_distribution"] == {"1": "1", "2": "0", "3": "1", "4": "1", "5": "1"}

    # The same console with the default source reads Rasa's (here empty) tracker store.
    monkeypatch.delenv("BANKBOT_FIGURES_SOURCE")
    assert console_csv(any_db_url, bank, tmp_path, "sam")["conversations"] == {"total": "0"}


def test_a_message_redelivered_after_a_consumer_died_before_its_ack_counts_once(
    any_db_url, names, consumer, tmp_path
):
    events = [event("customer-1", 1773133200.0 + i, "check_balance") for i in range(3)]
    publish_with_rasa(names, events, tmp_path)
    assert names.ready_messages() == 3

    # A consumer takes the first message, commits its row, and dies before acking it.
    async def die_after_commit() -> None:
        connection = await aio_pika.connect(rabbitmq_url())
        channel = await connection.channel()
        queue = await channel.declare_queue(names.queue, durable=True)
        message = await queue.get(no_ack=False)
        store = BotEventStore(make_engine(any_db_url))
        assert store.add(parse_body(message.body)) is True
        store.dispose()
        await connection.close()  # no ack: RabbitMQ requeues the message

    asyncio.run(die_after_commit())
    assert names.ready_messages() == 3

    feed = consumer(any_db_url)
    status = feed.wait_for(lambda s: s["stored"] + s["duplicates"] == 3, "handled the three messages")
    assert (status["stored"], status["duplicates"]) == (2, 1)
    assert rows(any_db_url) == 3
    feed.stop()  # anything left unacked would go back to the queue now
    assert names.ready_messages() == 0


def test_a_malformed_message_is_rejected_and_the_consumer_goes_on(db_url, names, consumer, tmp_path):
    feed = consumer(db_url)
    publish_raw(names, [b"this is not json", b'{"event": "user", "timestamp": 1773133200.0}'])
    publish_with_rasa(names, [event("customer-2", 1773133300.0, "greet")], tmp_path)
    status = feed.wait_for(lambda s: s["stored"] == 1, "stored the good message")
    assert status["rejected"] == 2
    assert rows(db_url) == 1
    assert feed.stop() == 0
    assert names.ready_messages() == 0  # rejected for good, not requeued


def test_events_published_while_the_database_is_failing_are_stored_once_it_is_back(
    db_url, names, consumer, tmp_path
):
    feed = consumer(db_url)
    engine = make_engine(db_url)
    BotEvent.__table__.drop(engine)  # every write now fails, as with the database down
    publish_with_rasa(names, [event("customer-4", 1773133500.0, "greet")], tmp_path)
    feed.wait_for(lambda s: s["retried"] >= 1, "retried the write")
    BotEvent.__table__.create(engine)
    engine.dispose()
    status = feed.wait_for(lambda s: s["stored"] == 1, "stored the message once the table was back")
    assert (status["rejected"], status["duplicates"]) == (0, 0)
    assert rows(db_url) == 1


def test_the_consumer_carries_on_after_rabbitmq_drops_its_connection(db_url, names, consumer, tmp_path):
    feed = consumer(db_url)
    publish_with_rasa(names, [event("customer-3", 1773133400.0, "greet")], tmp_path)
    feed.wait_for(lambda s: s["stored"] == 1, "stored the first message")
    [before] = connection_pids(feed.connection_name)

    close_connection_server_side(before)
    publish_with_rasa(names, [event("customer-3", 1773133460.0, "check_balance")], tmp_path)

    status = feed.wait_for(lambda s: s["stored"] == 2, "stored the message sent after the drop")
    assert status["rabbitmq"] == "connected"
    after = connection_pids(feed.connection_name)
    assert after and before not in after  # a new connection, not the old one surviving
    assert rows(db_url) == 2


def test_health_says_503_while_rabbitmq_cannot_be_reached(db_url, names, tmp_path):
    unreachable = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    feed = ConsumerProcess(names, db_url, tmp_path / "consumer.log", rabbitmq_url=unreachable)
    try:
        feed.start(wait_connected=False)
        status = feed.wait_for(lambda s: True, "answered /health", code_wanted=503)
        assert status["rabbitmq"] == "disconnected"
        assert feed.process.poll() is None  # still trying, for the supervisor to see
    finally:
        feed.stop()


def test_a_database_without_the_events_table_stops_the_consumer_with_a_reason(names, tmp_path):
    feed = ConsumerProcess(names, f"sqlite:///{tmp_path / 'unmigrated.db'}", tmp_path / "consumer.log")
    feed.start(wait_connected=False)
    assert feed.process.wait(timeout=60) == 1
    assert "no table cc_bot_events: run `bankbot migrate` first" in feed.log()
