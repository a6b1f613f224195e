"""A lost phone: one call signs the customer out everywhere (web and REST sessions refused by the
gateway, the Telegram chat unlinked, waiting operations cancelled). Money the customer did not
authorise: a high-severity fraud ticket records the disputed transaction."""

from datetime import timedelta
from decimal import Decimal

import pytest

from banking_backend.domain.errors import OperationCancelled, TransactionNotFound
from banking_backend.services import accounts, audit, customers, security, tickets
from banking_backend.services import pending_operations as ops
from channels.bank_directory import BankDirectory
from channels.sessions import InvalidSession, SessionTokens


def test_signing_out_everywhere_ends_sessions_unlinks_telegram_and_cancels_waiting_operations(
    uow, demo, clock
):
    customers.link_telegram(uow, demo.alice, 9001, "telegram")
    waiting = ops.record(
        uow,
        demo.alice,
        "transfer",
        ops.transfer_parameters(
            demo.account("alice", "checking"),
            Decimal("40"),
            "USD",
            to_account_id=None,
            payee_id=demo.payee("alice", "Bob Okafor"),
        ),
        idempotency_key="lost-phone",
        channel="web",
        message_id="m-1",
    )
    done = security.sign_out_everywhere(uow, demo.alice, "web")
    assert done.telegram_unlinked and done.at == clock.now
    assert customers.find_by_telegram_id(uow, 9001) is None
    assert customers.get_customer(uow, demo.alice).sessions_valid_after == clock.now
    clock.advance(seconds=5)
    with pytest.raises(OperationCancelled):
        ops.execute(
            uow,
            demo.alice,
            waiting,
            "transfer",
            ops.Confirmation("m-2", int(clock.now.timestamp())),
            channel="web",
        )
    record = audit.list_for_customer(uow, demo.alice, 1)[0]
    assert record.action == "security.signed_out_everywhere"
    assert record.details == {"telegram_unlinked": True, "operations_cancelled": 1}


def test_the_gateway_refuses_sessions_issued_before_and_accepts_a_new_sign_in(uow, demo, clock, monkeypatch):
    directory = BankDirectory(lambda: uow)
    tokens = SessionTokens("secret", 3600, directory.sessions_valid_after)
    monkeypatch.setattr("time.time", lambda: clock.now.timestamp())
    phone_session = tokens.issue(demo.alice, "alice")
    bob_session = tokens.issue(demo.bob, "bob")
    assert tokens.read(phone_session).customer_id == demo.alice

    clock.advance(seconds=30)
    security.sign_out_everywhere(uow, demo.alice, "web")
    with pytest.raises(InvalidSession) as refused:
        tokens.read(phone_session)
    assert refused.value.expired  # the customer is told to sign in again
    assert tokens.read(bob_session).customer_id == demo.bob  # nobody else is signed out

    clock.advance(microseconds=1)  # a sign-in right after, even within the same second
    assert tokens.read(tokens.issue(demo.alice, "alice")).customer_id == demo.alice


def _a_card_purchase(uow, demo, who="alice"):
    return next(t for t in accounts.recent_transactions(uow, getattr(demo, who), limit=50) if t.amount < 0)


def test_a_fraud_ticket_is_high_severity_and_records_the_disputed_transaction(uow, demo, clock):
    disputed = _a_card_purchase(uow, demo)
    ticket = tickets.open_fraud_ticket(
        uow,
        demo.alice,
        disputed.id,
        description="I did not make this payment",
        channel="web",
        conversation_id="customer-1",
    )
    assert (ticket.category, ticket.severity, ticket.disputed_transaction_id) == (
        "fraud",
        "high",
        disputed.id,
    )
    assert ticket.sla_due_at == clock.now + timedelta(hours=4)
    assert tickets.get_ticket(uow, demo.alice, ticket.reference).disputed_transaction_id == disputed.id
    details = audit.list_for_customer(uow, demo.alice, 1)[0].details
    assert details["disputed_transaction_id"] == disputed.id and details["severity"] == "high"
    assert details["disputed_account"].startswith("••••")  # masked
    assert details["disputed_amount"] == f"{disputed.amount:,} USD"


def test_another_customers_transaction_cannot_be_disputed(uow, demo):
    bobs = _a_card_purchase(uow, demo, "bob")
    with pytest.raises(TransactionNotFound):
        tickets.open_fraud_ticket(uow, demo.alice, bobs.id, description="", channel="web")
    with pytest.raises(TransactionNotFound):
        tickets.open_fraud_ticket(uow, demo.alice, 10**9, description="", channel="web")
    assert [t for t in tickets.list_tickets(uow, demo.alice) if t.category == "fraud"] == []
