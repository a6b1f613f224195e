"""A console wired as the gateway will wire it (mounted at /console), on a fresh database, with
recording stand-ins for the channels and for Rasa's resume. Used by the HTTP and browser tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount, Route

from banking_backend.db import make_engine as make_bank_engine
from banking_backend.db import make_session_factory as make_bank_sessions
from banking_backend.migrate import upgrade as upgrade_bank
from banking_backend.services import customers, tickets
from banking_backend.unit_of_work import SqlUnitOfWork
from contact_centre import agents
from contact_centre.bank import BankingBackendLookup
from contact_centre.console import ConsoleDeps, create_console_app
from contact_centre.console.settings import ConsoleSettings
from contact_centre.delivery import RecordingDeliverer, RecordingResumer
from contact_centre.desk import HandoffDesk
from contact_centre.metrics import ServiceMetrics, metrics_app
from contact_centre.migrate import upgrade
from contact_centre.testing import RasaTrackerWriter
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.unit_of_work import CentreUnitOfWork
from kernel.identity import conversation_id_for

SECRET = "test-console-secret-0123456789abcdef"
SUPERVISOR = ("sue", "sue-password-123")
AGENT = ("ann", "ann-password-123")


@dataclass
class ConsoleStack:
    app: Starlette
    desk: HandoffDesk
    deliverer: RecordingDeliverer
    resumer: RecordingResumer
    tracker: RasaTrackerWriter
    customer_id: int
    supervisor_id: int
    agent_id: int
    metrics: ServiceMetrics
    db_url: str
    tracker_url: str


Clock = Callable[[], datetime]


def build_console_stack(
    tmp_path: Path, *, poll_seconds: float = 5.0, db_url: str | None = None, clock: Clock | None = None
) -> ConsoleStack:
    """`db_url`: an empty database (default a SQLite file under tmp_path); `clock`: the contact
    centre's clock (default the real one)."""
    db_url = db_url or f"sqlite:///{tmp_path / 'bank.db'}"
    tracker_url = f"sqlite:///{tmp_path / 'rasa_tracker.db'}"
    upgrade_bank(db_url)
    upgrade(db_url)
    bank_sessions = make_bank_sessions(make_bank_engine(db_url))
    bank_uow = SqlUnitOfWork(bank_sessions)
    dana = customers.create_customer(bank_uow, "dana", "Dana Scully", "+14155550177")
    tickets.open_ticket(
        bank_uow,
        dana.id,
        category="card",
        severity="high",
        subject="Card swallowed by ATM",
        description="ATM kept my card 4111111111131234",
        channel="web",
        conversation_id=conversation_id_for(dana.id),
    )
    centre = CentreUnitOfWork.from_url(db_url, clock)
    sue = agents.create_agent(centre, *SUPERVISOR, role="supervisor", name="Sue Supervisor")
    ann = agents.create_agent(centre, *AGENT, role="agent", name="Ann Agent")
    writer = RasaTrackerWriter(tracker_url)
    bank = BankingBackendLookup(lambda: SqlUnitOfWork(bank_sessions))
    deliverer, resumer, metrics = RecordingDeliverer(), RecordingResumer(), ServiceMetrics()
    desk = HandoffDesk(centre, deliverer, resumer, bank=bank, metrics=metrics)
    deps = ConsoleDeps(
        desk=desk,
        tracker=TrackerStoreReader.from_url(tracker_url),
        settings=ConsoleSettings(secret=SECRET, poll_seconds=poll_seconds),
        bank=bank,
    )
    app = Starlette(
        routes=[Mount("/console", create_console_app(deps)), Route("/metrics", metrics_app(metrics))]
    )
    return ConsoleStack(
        app, desk, deliverer, resumer, writer, dana.id, sue.id, ann.id, metrics, db_url, tracker_url
    )


def another_gateways_console(stack: ConsoleStack, clock: Clock | None = None) -> Starlette:
    """The console as a second gateway process serves it: same database, its own engine, unit of
    work and desk (nothing shared in memory with `stack.app`)."""
    desk = HandoffDesk(
        CentreUnitOfWork.from_url(stack.db_url, clock), RecordingDeliverer(), RecordingResumer()
    )
    deps = ConsoleDeps(
        desk=desk,
        tracker=TrackerStoreReader.from_url(stack.tracker_url),
        settings=ConsoleSettings(secret=SECRET),
    )
    return Starlette(routes=[Mount("/console", create_console_app(deps))])
