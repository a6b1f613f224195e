"""Pending operations on SQLite and PostgreSQL (migration 0002): the table is made by the
migrations, and eight yeses to one operation at once move the money once."""

from __future__ import annotations

import time
from decimal import Decimal

from banking_backend.db import make_engine, make_session_factory
from banking_backend.domain.errors import BankError
from banking_backend.migrate import upgrade
from banking_backend.services import accounts, customers, ledger, transfers
from banking_backend.services import pending_operations as ops
from banking_backend.unit_of_work import SqlUnitOfWork
from tests.support.concurrency import at_once

YESES = 8


def test_many_yeses_at_once_to_one_operation_move_the_money_once(bank_url):
    upgrade(bank_url)
    engine = make_engine(bank_url)
    try:
        uow = SqlUnitOfWork(make_session_factory(engine))
        payer = customers.create_customer(uow, "payer", "Payer", "+14155559001")
        checking = accounts.open_account(uow, payer.id, "checking", "USD", number="880000000101")
        savings = accounts.open_account(uow, payer.id, "savings", "USD", number="880000000102")
        ledger.deposit(uow, checking.id, Decimal("500"), "USD")
        parameters = ops.transfer_parameters(
            checking.id, Decimal("120.00"), "USD", to_account_id=savings.id, payee_id=None
        )
        operation = ops.record(
            uow,
            payer.id,
            "transfer",
            parameters,
            idempotency_key="run-1",
            channel="web",
            message_id="m-asked",
        )
        yes = ops.Confirmation("m-yes", int(time.time()) + 1)

        def say_yes() -> bool:
            own = SqlUnitOfWork(make_session_factory(engine))  # each yes in a session of its own
            return ops.execute(own, payer.id, operation, "transfer", yes, channel="web").result.replayed

        # A refusal is kept, to be shown in the assertion.
        outcomes = at_once(say_yes, YESES, expected=(BankError,))
        assert sorted(outcomes, key=str) == [False] + [True] * (YESES - 1)
        balances = {a.kind: a.balance for a in accounts.list_accounts(uow, payer.id)}
        assert balances == {"checking": Decimal("380.00"), "savings": Decimal("120.00")}
        assert len(transfers.list_transfers(uow, payer.id)) == 1
    finally:
        engine.dispose()
