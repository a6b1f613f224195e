"""Fixtures for action tests: a real SQLite bank (migrations + demo seed, copied per test)
that DATABASE_URL points to, real rasa_sdk Trackers signed for a demo customer."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import bank
from banking_backend.db import make_engine, make_session_factory
from banking_backend.migrate import upgrade
from banking_backend.seed import seed_demo_bank
from banking_backend.services import customers
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.identity import anonymous_conversation_id, conversation_id_for, sign_identity

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def seeded_bank_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actions-bank") / "seeded.db"
    upgrade(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    seed_demo_bank(SqlUnitOfWork(make_session_factory(engine)))
    engine.dispose()
    return path


@pytest.fixture
def bank_url(tmp_path: Path, seeded_bank_template: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "bank.db"
    shutil.copy(seeded_bank_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BANKBOT_DEMO", "1")
    monkeypatch.setenv("BANKBOT_DEMO_CODES_DIR", str(tmp_path / "codes"))
    bank._session_factory.cache_clear()
    yield url
    bank._session_factory.cache_clear()


@pytest.fixture
def uow(bank_url: str) -> SqlUnitOfWork:
    return bank.unit_of_work()


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def customer_id(username: str) -> int:
    found = customers.find_by_username(bank.unit_of_work(), username)
    assert found is not None
    return found.id


def make_tracker(
    username: str | None,
    text: str = "",
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    candidates: dict[str, Any] | None = None,
    language: str = "en",
    history: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker whose latest message comes from `username` (signed) or from nobody; slot
    `candidates` are appended after it, as Rasa's FormAction does before validation."""
    sender = (
        conversation_id_for(customer_id(username)) if username else anonymous_conversation_id("rest", "x")
    )
    metadata = {"identity": sign_identity(customer_id(username), "rest", sender, text)} if username else {}
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
    }
    events: list[dict[str, Any]] = list(history or [])
    if active_loop:
        events.append({"event": "active_loop", "name": active_loop, "timestamp": 1700000000.0})
    events.append({"event": "user", "text": text, "parse_data": message, "metadata": metadata})
    all_slots = {"language": language, **(slots or {})}
    for name, value in (candidates or {}).items():
        events.append({"event": "slot", "name": name, "value": value})
        all_slots[name] = value
    return Tracker(
        sender,
        all_slots,
        message,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


@dataclass
class Ran:
    messages: list[dict[str, Any]]
    events: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)

    @property
    def slots(self) -> dict[str, Any]:
        return {e["name"]: e["value"] for e in self.events if e.get("event") == "slot"}

    @property
    def payloads(self) -> list[dict[str, Any]]:
        return [m["custom"] for m in self.messages if m.get("custom")]

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [b for m in self.messages for b in m.get("buttons") or []]


def run(action: Any, tracker: Tracker, domain: dict[str, Any]) -> Ran:
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, domain)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return Ran(dispatcher.messages, result)


def run_form(form: Any, domain: dict[str, Any], username: str | None, **tracker: Any) -> Ran:
    """The form validation action `form` run on the latest message while its form is the active
    loop, as Rasa runs it; `tracker` as for make_tracker."""
    return run(form, make_tracker(username, active_loop=form.form_name(), **tracker), domain)


def summarised(
    summary_action: Any, username: str, slots: dict[str, Any], language: str = "en"
) -> dict[str, Any]:
    """The slots after a form's summary was shown: with the operation the bank stored for it,
    which is all a yes executes (tests/security/test_action_replay.py)."""
    shown = run(summary_action, make_tracker(username, slots=slots, language=language), {})
    return {**slots, "pending_operation": shown.slots["pending_operation"]}
