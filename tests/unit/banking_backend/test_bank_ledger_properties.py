"""Property-based: whatever sequence of transfers and repayments customers attempt (allowed or
refused, retried or not), every journal entry balances, each balance equals its postings, no
account passes its overdraft, and the money held by customers plus what is in clearing stays
exactly what it was."""

import shutil
import uuid
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banking_backend.db import make_engine, make_session_factory
from banking_backend.domain.errors import BankError
from banking_backend.domain.money import Money
from banking_backend.services import credit_cards, ledger, transfers
from banking_backend.unit_of_work import SqlUnitOfWork

USERS = ("alice", "bob")
DESTINATIONS = ("own", "Bob Okafor", "Alice Martin", "Landlord Properties", "City Power & Light", "repay")

operation = st.tuples(
    st.sampled_from(USERS),
    st.sampled_from(("checking", "savings")),
    st.sampled_from(DESTINATIONS),
    st.integers(min_value=1, max_value=1_200_000),  # cents: up to 12,000.00
    st.sampled_from(("k1", "k2", "k3", "fresh")),
)


def books(uow):
    """(per-currency total of all accounts, customers+clearing total, problems found)."""
    with uow:
        problems = list(uow.ledger.unbalanced_entries())
        everything = defaultdict(int)
        held = defaultdict(int)
        for a in uow.accounts.all():
            if uow.ledger.sum_for_account(a.id) != a.balance_minor:
                problems.append(f"balance of {a.id} differs from its postings")
            if a.kind != "internal" and a.balance_minor < -a.overdraft_limit_minor:
                problems.append(f"account {a.id} beyond its overdraft")
            everything[a.currency] += a.balance_minor
            if a.kind != "internal" or a.internal_code == ledger.CLEARING:
                held[a.currency] += a.balance_minor
        return dict(everything), dict(held), problems


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=12))
def test_any_sequence_of_operations_keeps_the_books(seeded_template, tmp_path_factory, demo_ids, ops):
    path = tmp_path_factory.mktemp("prop") / f"{uuid.uuid4().hex}.db"
    shutil.copy(seeded_template, path)
    engine = make_engine(f"sqlite:///{path}")
    uow = SqlUnitOfWork(make_session_factory(engine))
    try:
        everything0, held0, problems0 = books(uow)
        assert problems0 == [] and set(everything0.values()) == {0}
        for user, source_kind, destination, cents, key in ops:
            cid = demo_ids.customers[user]
            source = demo_ids.accounts[(user, source_kind)]
            amount = Money.from_minor(cents, "USD").amount
            key = uuid.uuid4().hex if key == "fresh" else key
            try:
                if destination == "own":
                    other = "savings" if source_kind == "checking" else "checking"
                    transfers.transfer(
                        uow,
                        cid,
                        source,
                        to_account_id=demo_ids.accounts[(user, other)],
                        amount=amount,
                        currency="USD",
                        idempotency_key=key,
                        channel="test",
                    )
                elif destination == "repay":
                    credit_cards.pay_statement(
                        uow,
                        cid,
                        demo_ids.accounts[(user, "credit_card")],
                        source,
                        "amount",
                        amount=amount,
                        idempotency_key=key,
                        channel="test",
                    )
                else:
                    payee = demo_ids.payees.get((user, destination))
                    transfers.transfer(
                        uow,
                        cid,
                        source,
                        payee_id=payee or 10_000,
                        amount=amount,
                        currency="USD",
                        idempotency_key=key,
                        channel="test",
                    )
            except BankError:
                pass  # refused: and a refusal must leave the books as they were, checked below
            everything, held, problems = books(uow)
            assert problems == []
            assert everything == everything0  # every entry balances: the bank's sum stays 0
            assert held == held0  # transfers only move money among customers and clearing
    finally:
        engine.dispose()


def test_decimal_amounts_round_trip_through_minor_units():
    minor_amounts = st.integers(min_value=-(10**11) + 1, max_value=10**11 - 1)

    @given(minor_amounts, st.sampled_from(["USD", "JPY", "KWD"]))
    def check(minor, currency):
        assert Money.from_minor(minor, currency).minor == minor
        assert isinstance(Money.from_minor(minor, currency).amount, Decimal)

    check()
