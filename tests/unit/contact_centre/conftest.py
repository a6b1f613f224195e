"""Fixtures for the contact centre's unit tests: a SQLite file migrated by both Alembic
environments (the bank's and ours), copied per test; a clock the test moves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from banking_backend.migrate import upgrade as upgrade_bank
from contact_centre import agents
from contact_centre.db import make_engine, make_session_factory
from contact_centre.domain import AgentView
from contact_centre.migrate import upgrade
from contact_centre.unit_of_work import CentreUnitOfWork


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture(scope="session")
def centre_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("centre-template") / "empty.db"
    upgrade_bank(f"sqlite:///{path}")
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 16, 12, 0, tzinfo=UTC))


@pytest.fixture
def db_url(tmp_path: Path, centre_template: Path) -> str:
    path = tmp_path / "centre.db"
    shutil.copy(centre_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def uow(db_url: str, clock: FakeClock) -> Iterator[CentreUnitOfWork]:
    engine = make_engine(db_url)
    yield CentreUnitOfWork(make_session_factory(engine), clock)
    engine.dispose()


@dataclass(frozen=True)
class Staff:
    supervisor: AgentView
    ann: AgentView
    ben: AgentView


@pytest.fixture
def staff(uow: CentreUnitOfWork) -> Staff:
    return Staff(
        agents.create_agent(uow, "sue", "sue-password-123", role="supervisor"),
        agents.create_agent(uow, "ann", "ann-password-123"),
        agents.create_agent(uow, "ben", "ben-password-123"),
    )


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, with test-sized cost: the production parameters cost ~1 s here each."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(agents, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
