"""32 workers, 2,000 transfers at once, on PostgreSQL and on SQLite: retried requests, pairs
of transfers in opposite directions, customers running out of money. At the end the money is
all there, nobody is overdrawn, nothing was paid twice, and no lock error escaped."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from banking_backend import models as m
from banking_backend.db import make_engine, make_session_factory
from banking_backend.domain.errors import BankError
from banking_backend.migrate import upgrade
from banking_backend.services import accounts, customers, ledger, payees, transfers
from banking_backend.unit_of_work import SqlUnitOfWork

WORKERS = 32
TRANSFERS = 2000
CUSTOMERS = 12


@dataclass(frozen=True)
class Op:
    customer_id: int
    from_account_id: int
    to_account_id: int | None
    payee_id: int | None
    amount: Decimal
    key: str


def _open_bank(uow: SqlUnitOfWork, rng: random.Random):
    """Customers with a checking (every third with a 100.00 overdraft) and a savings account,
    each with every other customer and one external company saved as payees."""
    people = []
    for i in range(CUSTOMERS):
        c = customers.create_customer(uow, f"user{i}", f"User {i}", f"+1415555{1000 + i:04d}")
        chk = accounts.open_account(
            uow,
            c.id,
            "checking",
            "USD",
            overdraft_limit=Decimal(100 if i % 3 == 0 else 0),
            number=f"7700{i:04d}01",
        )
        sav = accounts.open_account(uow, c.id, "savings", "USD", number=f"7700{i:04d}02")
        ledger.deposit(uow, chk.id, Decimal(rng.randint(100, 1500)), "USD")
        ledger.deposit(uow, sav.id, Decimal(rng.randint(0, 800)), "USD")
        people.append((c.id, chk.id, sav.id, chk.last4))
    payee_to: dict[tuple[int, int], int] = {}  # (payer, payee customer) -> payee id
    external: dict[int, int] = {}
    for cid, _, _, _ in people:
        for other, _, _, other_last4 in people:
            if other != cid:
                number = next(
                    f"7700{i:04d}01" for i in range(CUSTOMERS) if f"7700{i:04d}01".endswith(other_last4)
                )
                payee_to[(cid, other)] = payees.add_payee(
                    uow, cid, f"Customer {other}", number, channel="test"
                ).id
        external[cid] = payees.add_payee(
            uow, cid, "Utility Co", "EXT-998877", bank_name="Other Bank", channel="test"
        ).id
    with uow:  # the test skips the first-payment code: these payees count as already paid once
        for cid, _, _, _ in people:
            for payee in uow.payees.for_customer(cid):
                payee.trusted_at = uow.now()
        uow.commit()
    return people, payee_to, external


def _plan(people, payee_to, external, rng: random.Random) -> list[Op]:
    """2,000 requests; about one in ten is sent twice in a row (same key), and some payments
    between customers are followed at once by one in the opposite direction."""
    ops: list[Op] = []
    while len(ops) < TRANSFERS:
        cid, chk, sav, _ = rng.choice(people)
        amount = Decimal(rng.randint(1, 25000)) / 100
        source = rng.choice((chk, sav))
        roll = rng.random()
        if roll < 0.2:
            op = Op(cid, source, sav if source == chk else chk, None, amount, f"k{len(ops)}")
        elif roll < 0.3:
            op = Op(cid, source, None, external[cid], amount, f"k{len(ops)}")
        else:
            other, other_chk, _, _ = rng.choice([p for p in people if p[0] != cid])
            op = Op(cid, source, None, payee_to[(cid, other)], amount, f"k{len(ops)}")
            if rng.random() < 0.3:
                ops.append(op)
                op = Op(other, other_chk, None, payee_to[(other, cid)], amount, f"k{len(ops)}")
        ops.append(op)
        if rng.random() < 0.1:
            ops.append(op)
    return ops[:TRANSFERS]


@pytest.mark.slow
def test_concurrent_transfers_keep_every_cent(bank_url, monkeypatch):
    # 2,000 payments in seconds is what the "many transfers in a short time" risk rule holds for
    # review (tests/unit/banking_backend/test_bank_risk_signals.py); this test is about locks.
    monkeypatch.setenv("BANKBOT_RISK_RAPID_COUNT", "0")
    upgrade(bank_url)
    engine = make_engine(bank_url, pool_size=WORKERS + 2, max_overflow=0, pool_timeout=120)
    factory = make_session_factory(engine)
    rng = random.Random(20260316)
    setup = SqlUnitOfWork(factory)
    people, payee_to, external = _open_bank(setup, rng)
    ops = _plan(people, payee_to, external, rng)

    def held() -> int:
        with setup:
            total = 0
            for a in setup.accounts.all():
                if a.kind != "internal" or a.internal_code == ledger.CLEARING:
                    total += a.balance_minor
            return total

    money_before = held()
    results: dict[int, object] = {}
    unexpected: list[BaseException] = []
    next_op = iter(range(len(ops)))
    lock = threading.Lock()

    def worker() -> None:
        uow = SqlUnitOfWork(factory)
        while True:
            with lock:
                i = next(next_op, None)
            if i is None:
                return
            op = ops[i]
            try:
                results[i] = transfers.transfer(
                    uow,
                    op.customer_id,
                    op.from_account_id,
                    to_account_id=op.to_account_id,
                    payee_id=op.payee_id,
                    amount=op.amount,
                    currency="USD",
                    idempotency_key=op.key,
                    channel="test",
                )
            except BankError as exc:
                results[i] = exc
            except BaseException as exc:  # a deadlock or lock timeout that escaped: a failure
                unexpected.append(exc)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    assert unexpected == []
    assert len(results) == TRANSFERS
    assert held() == money_before

    completed = [r for r in results.values() if isinstance(r, transfers.TransferView)]
    refused = Counter(type(r).__name__ for r in results.values() if isinstance(r, BankError))
    assert set(refused) <= {"InsufficientFunds", "LimitExceeded"}
    assert len(completed) > TRANSFERS // 2

    # The same key answered with the same transfer, every time it was sent.
    by_key: dict[tuple[int, str], set[int]] = defaultdict(set)
    for r in completed:
        by_key[(r.from_account_id, r.idempotency_key)].add(r.id)
    assert all(len(ids) == 1 for ids in by_key.values())
    assert any(r.replayed for r in completed)

    with setup:
        s = setup.session
        assert setup.ledger.unbalanced_entries() == []
        rows = s.scalars(select(m.Transfer).where(m.Transfer.status == "completed")).all()
        assert len(rows) == len({t.id for t in completed})
        assert len({(t.customer_id, t.idempotency_key) for t in rows}) == len(rows)
        entries = s.scalar(
            select(func.count()).select_from(m.JournalEntry).where(m.JournalEntry.kind == "transfer")
        )
        assert entries == len(rows)  # one entry per transfer: nothing paid twice
        for a in setup.accounts.all():
            assert setup.ledger.sum_for_account(a.id) == a.balance_minor
            if a.kind != "internal":
                assert a.balance_minor >= -a.overdraft_limit_minor
    engine.dispose()
    print(
        f"\n{bank_url.split(':')[0]}: {TRANSFERS} transfers by {WORKERS} workers in "
        f"{elapsed:.1f}s; completed {len(completed)}, refused {dict(refused)}"
    )
