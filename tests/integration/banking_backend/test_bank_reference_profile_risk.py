"""Migration 0003 and what it made, on SQLite and PostgreSQL: the seeded reference data read
back exactly (scaled decimals), a phone change, a held transfer released once, a fraud ticket,
and the migration down to 0002 and up again with the rows in place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from banking_backend.db import make_engine, make_session_factory
from banking_backend.migrate import downgrade, upgrade
from banking_backend.seed import seed_demo_bank
from banking_backend.services import (
    accounts,
    customers,
    exchange_rates,
    fees,
    ledger,
    payees,
    product_rates,
    profile,
    tickets,
    transfer_reviews,
    transfers,
)
from banking_backend.unit_of_work import SqlUnitOfWork
from tests.unit.banking_backend.helpers import Phones, balance, step_up

TODAY = date(2026, 3, 16)


@pytest.fixture
def bank(bank_url):
    upgrade(bank_url)
    engine = make_engine(bank_url)
    uow = SqlUnitOfWork(make_session_factory(engine), lambda: datetime(2026, 3, 16, 12, tzinfo=UTC))
    seed_demo_bank(uow, today=TODAY)
    yield uow
    engine.dispose()


def test_reference_data_reads_back_exactly(bank):
    assert exchange_rates.convert(bank, "500", "USD", "CNY").converted == Decimal("3592.10")
    assert product_rates.get_product(bank, "CNY-TD-36M").rate_percent == Decimal("1.75")
    wire = next(f for f in fees.list_fees(bank, currency="CNY") if f.code == "wire_outgoing")
    assert (wire.percent, wire.minimum, wire.maximum) == (Decimal("0.1"), Decimal("50.00"), Decimal("260.00"))


def test_profile_risk_and_disputes_work_on_this_database(bank):
    wei = customers.find_by_username(bank, "wei").id
    phones = Phones()
    profile.start_phone_change(bank, wei, "+8613912345678", phones, "web")
    profile.verify_phone_change(bank, wei, "old", phones.code_to("+8613800138000"), "web")
    profile.verify_phone_change(bank, wei, "new", phones.code_to("+8613912345678"), "web")
    assert customers.get_customer(bank, wei).phone == "+8613912345678"

    checking = next(a for a in accounts.list_accounts(bank, wei) if a.kind == "checking")
    ledger.deposit(bank, checking.id, "20000", "CNY")
    wangwu = next(p for p in payees.list_payees(bank, wei) if p.name == "王五")
    held = transfers.transfer(
        bank,
        wei,
        checking.id,
        payee_id=wangwu.id,
        amount=Decimal("12000"),
        currency="CNY",
        idempotency_key="it-held",
        channel="web",
        step_up_token=step_up(bank, wei),
    )
    assert held.status == "held" and set(held.hold_reasons) == {"new_payee_large", "recent_phone_change"}
    before = balance(bank, wei, checking.id)
    assert transfer_reviews.release(bank, wei, held.id, staff="it").status == "completed"
    assert balance(bank, wei, checking.id) == before - Decimal("12000")

    purchase = next(t for t in accounts.recent_transactions(bank, wei, limit=30) if t.amount < 0)
    ticket = tickets.open_fraud_ticket(bank, wei, purchase.id, description="not me", channel="web")
    assert ticket.disputed_transaction_id == purchase.id and ticket.severity == "high"


def test_down_to_0002_and_up_again(bank, bank_url):
    downgrade(bank_url, revision="0002")
    upgrade(bank_url)
    engine = make_engine(bank_url)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from customer_profiles")).scalar() == 4
        assert conn.execute(text("select count(*) from transfers")).scalar() == 0
    engine.dispose()
