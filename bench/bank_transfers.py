"""Benchmark: transfers per second through banking_backend on SQLite and PostgreSQL, with 1
and 16 concurrent workers. Not a test. Run: .venv/bin/python bench/bank_transfers.py

Each run gets a fresh database (a temp SQLite file; a uniquely named PostgreSQL database on
BANK_BENCH_PG_ADMIN, default the tests' server BANKBOT_TEST_POSTGRES_URL, dropped afterwards)."""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from banking_backend.db import make_engine, make_session_factory  # noqa: E402
from banking_backend.migrate import upgrade  # noqa: E402
from banking_backend.services import accounts, customers, ledger, transfers  # noqa: E402
from banking_backend.unit_of_work import SqlUnitOfWork  # noqa: E402
from tests.support.services import POSTGRES, configured_url, database_url  # noqa: E402

PG_ADMIN = os.environ.get("BANK_BENCH_PG_ADMIN") or configured_url(POSTGRES)  # the tests' server
CUSTOMERS = 16


def _setup(uow: SqlUnitOfWork) -> list[tuple[int, int, int]]:
    people = []
    for i in range(CUSTOMERS):
        c = customers.create_customer(uow, f"bench{i}", f"Bench {i}", f"+1415555{2000 + i:04d}")
        chk = accounts.open_account(uow, c.id, "checking", "USD")
        sav = accounts.open_account(uow, c.id, "savings", "USD")
        ledger.deposit(uow, chk.id, Decimal(1_000_000), "USD")
        people.append((c.id, chk.id, sav.id))
    return people


def _run(url: str, workers: int, count: int) -> float:
    upgrade(url)
    engine = make_engine(url, pool_size=workers + 2, max_overflow=0)
    factory = make_session_factory(engine)
    people = _setup(SqlUnitOfWork(factory))
    rng = random.Random(1)
    # Own-account transfers: no daily limit, so the figure is the transaction path itself.
    plan = [
        (cid, chk, sav, Decimal(rng.randint(1, 5000)) / 100)
        for cid, chk, sav in (rng.choice(people) for _ in range(count))
    ]
    cursor = iter(range(count))
    lock = threading.Lock()

    def worker() -> None:
        uow = SqlUnitOfWork(factory)
        while True:
            with lock:
                i = next(cursor, None)
            if i is None:
                return
            cid, chk, sav, amount = plan[i]
            transfers.transfer(
                uow,
                cid,
                chk,
                to_account_id=sav,
                amount=amount,
                currency="USD",
                idempotency_key=f"b{i}",
                channel="bench",
            )

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return count / elapsed


def _sqlite(workers: int, count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return _run(f"sqlite:///{Path(tmp) / 'bench.db'}", workers, count)


def _postgres(workers: int, count: int) -> float:
    import psycopg

    name = f"bank_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        return _run(database_url(PG_ADMIN, name), workers, count)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=1000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    backends = [("sqlite", _sqlite)] + ([] if args.skip_postgres else [("postgres", _postgres)])
    print(f"{'backend':<10} {'workers':>7} {'transfers/s':>12}")
    for name, run in backends:
        for workers in (1, 16):
            rate = run(workers, args.transfers)
            print(f"{name:<10} {workers:>7} {rate:>12.1f}", flush=True)


if __name__ == "__main__":
    main()
