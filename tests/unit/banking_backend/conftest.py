"""Fixtures for the bank's unit tests: a SQLite file made by the migrations (and seeded once,
then copied per test), a unit of work with a clock the test controls."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from banking_backend.db import make_engine, make_session_factory
from banking_backend.migrate import upgrade
from banking_backend.seed import seed_demo_bank
from banking_backend.unit_of_work import SqlUnitOfWork

SEED_TODAY = date(2026, 3, 16)


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bank-template") / "empty.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    path = tmp_path_factory.mktemp("bank-seeded") / "seeded.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    clock = FakeClock(datetime(2026, 3, 16, 12, 0, tzinfo=UTC))
    seed_demo_bank(SqlUnitOfWork(make_session_factory(engine), clock), today=SEED_TODAY)
    engine.dispose()
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 16, 12, 0, tzinfo=UTC))


def _uow_on(path: Path, clock: FakeClock) -> Iterator[SqlUnitOfWork]:
    engine = make_engine(f"sqlite:///{path}")
    yield SqlUnitOfWork(make_session_factory(engine), clock)
    engine.dispose()


@pytest.fixture
def empty_uow(tmp_path: Path, migrated_template: Path, clock: FakeClock) -> Iterator[SqlUnitOfWork]:
    """A bank with the schema and nothing else."""
    path = tmp_path / "bank.db"
    shutil.copy(migrated_template, path)
    yield from _uow_on(path, clock)


@pytest.fixture
def uow(tmp_path: Path, seeded_template: Path, clock: FakeClock) -> Iterator[SqlUnitOfWork]:
    """The demo bank (alice, bob, wei, lina) as seeded on SEED_TODAY."""
    path = tmp_path / "bank.db"
    shutil.copy(seeded_template, path)
    yield from _uow_on(path, clock)


@dataclass(frozen=True)
class Demo:
    """Ids of the demo customers' things, looked up by name so tests read like the story."""

    alice: int
    bob: int
    wei: int
    lina: int
    accounts: dict[tuple[str, str], int]  # (username, kind) -> account id
    payees: dict[tuple[str, str], int]  # (username, payee name) -> payee id

    def account(self, username: str, kind: str) -> int:
        return self.accounts[(username, kind)]

    def payee(self, username: str, name: str) -> int:
        return self.payees[(username, name)]


@pytest.fixture
def demo(uow: SqlUnitOfWork) -> Demo:
    from banking_backend.services import accounts, customers, payees

    ids = {c.username: c.id for c in customers.list_customers(uow)}
    acc = {}
    pay = {}
    for username, cid in ids.items():
        for a in accounts.list_accounts(uow, cid):
            acc[(username, a.kind)] = a.id
        for p in payees.list_payees(uow, cid):
            pay[(username, p.name)] = p.id
    return Demo(ids["alice"], ids["bob"], ids["wei"], ids["lina"], acc, pay)


@dataclass(frozen=True)
class DemoIds:
    customers: dict[str, int]
    accounts: dict[tuple[str, str], int]
    payees: dict[tuple[str, str], int]


@pytest.fixture(scope="session")
def demo_ids(seeded_template: Path) -> DemoIds:
    """The demo ids, read once from the seeded template (the same in every copy)."""
    from banking_backend.services import accounts, customers, payees

    engine = make_engine(f"sqlite:///{seeded_template}")
    uow = SqlUnitOfWork(make_session_factory(engine))
    ids = {c.username: c.id for c in customers.list_customers(uow)}
    acc = {(u, a.kind): a.id for u, cid in ids.items() for a in accounts.list_accounts(uow, cid)}
    pay = {(u, p.name): p.id for u, cid in ids.items() for p in payees.list_payees(uow, cid)}
    engine.dispose()
    return DemoIds(ids, acc, pay)
