"""The bank's own view of a customer, read from a stack's database: what a test checks a
conversation did to the money."""

from __future__ import annotations

from decimal import Decimal


def bank_state(stack, username: str) -> tuple[int, dict[str, Decimal]]:
    """How many transfers the customer has made, and the balance of each kind of account."""
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import accounts, customers, transfers
    from banking_backend.unit_of_work import SqlUnitOfWork

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        factory = make_session_factory(engine)
        customer = customers.find_by_username(SqlUnitOfWork(factory), username)
        balances = {a.kind: a.balance for a in accounts.list_accounts(SqlUnitOfWork(factory), customer.id)}
        return len(transfers.list_transfers(SqlUnitOfWork(factory), customer.id, limit=500)), balances
    finally:
        engine.dispose()
