"""Bench customers: many distinct bank customers, so that simulated conversations never share one
(the conversation id is `customer-<id>`). Each has checking and savings, money, an active debit
card and a saved, already-trusted payee "Bob Okafor" at another bank, so a small transfer needs
no one-time code. Made through the bank's own services, in the bench's own database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from banking_backend.db import make_engine, make_session_factory
from banking_backend.migrate import upgrade
from banking_backend.services import accounts, cards, customers, ledger, payees
from banking_backend.unit_of_work import SqlUnitOfWork

PAYEE_NAME = "Bob Okafor"  # a name the NLU knows as a payee
OPENING_DEPOSIT = Decimal(50_000)


@dataclass(frozen=True)
class BenchCustomer:
    id: int
    username: str


def _phone(run: int, index: int) -> str:
    # +1 415 2xx xxxx: valid US numbers, distinct per run (PostgreSQL may keep earlier runs' rows).
    number = (run * 100_003 + index) % 10_000_000
    return f"+1415{2_000_000 + number % 8_000_000:07d}"


def _seed_one(uow: SqlUnitOfWork, run: int, index: int) -> BenchCustomer:
    username = f"bench{run:04x}-{index}"
    with uow:  # one transaction for the services below (nested units of work share it)
        customer = customers.create_customer(uow, username, f"Bench Customer {index}", _phone(run, index))
        checking = accounts.open_account(uow, customer.id, "checking", "USD", "Checking")
        accounts.open_account(uow, customer.id, "savings", "USD", "Savings")
        ledger.deposit(uow, checking.id, OPENING_DEPOSIT, "USD", "Opening deposit")
        cards.issue_card(uow, customer.id, checking.id, "debit", status="active")
        payee = payees.add_payee(
            uow, customer.id, PAYEE_NAME, f"0210000{run:04d}{index:06d}", bank_name="Chase", channel="bench"
        )
        # A payee paid before is trusted (the demo seed stores it the same way): without this the
        # first transfer would ask for a one-time code.
        row = uow.payees.owned(customer.id, payee.id)
        row.trusted_at = uow.now()
        uow.commit()
    return BenchCustomer(customer.id, username)


def seed_customers(database_url: str, count: int) -> list[BenchCustomer]:
    """`count` new bench customers in the bank at `database_url` (migrated first)."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        uow = SqlUnitOfWork(make_session_factory(engine))
        run = secrets.randbelow(0xFFFF)
        return [_seed_one(uow, run, index) for index in range(count)]
    finally:
        engine.dispose()
