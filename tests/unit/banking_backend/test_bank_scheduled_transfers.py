"""Scheduled transfers: they wait for their date, run once, fail with a reason, can be cancelled."""

from datetime import timedelta
from decimal import Decimal

import pytest

from banking_backend.services import scheduled_transfers, transfers
from tests.unit.banking_backend.helpers import balance


def test_a_scheduled_transfer_waits_for_its_date(uow, demo, clock):
    chk = demo.account("alice", "checking")
    before = balance(uow, demo.alice, chk)
    on = (clock.now + timedelta(days=3)).date()
    t = transfers.transfer(
        uow,
        demo.alice,
        chk,
        payee_id=demo.payee("alice", "Bob Okafor"),
        amount=Decimal("75"),
        currency="USD",
        idempotency_key="later",
        channel="web",
        scheduled_for=on,
    )
    assert t.status == "scheduled" and t.journal_entry_id is None
    assert scheduled_transfers.run_scheduled_transfers(uow, today=on - timedelta(days=1)) == []
    assert balance(uow, demo.alice, chk) == before
    clock.advance(days=3)
    done = scheduled_transfers.run_scheduled_transfers(uow)
    assert [d.status for d in done] == ["completed"]
    assert balance(uow, demo.alice, chk) == before - 75
    assert scheduled_transfers.run_scheduled_transfers(uow) == []  # never twice


def test_a_scheduled_transfer_without_funds_fails_and_says_why(uow, demo, clock):
    chk = demo.account("bob", "checking")
    on = (clock.now + timedelta(days=1)).date()
    transfers.transfer(
        uow,
        demo.bob,
        chk,
        to_account_id=demo.account("bob", "savings"),
        amount=Decimal("5000"),
        currency="USD",
        idempotency_key="s1",
        channel="web",
        scheduled_for=on,
    )
    transfers.transfer(
        uow,
        demo.bob,
        chk,
        to_account_id=demo.account("bob", "savings"),
        amount=balance(uow, demo.bob, chk),
        currency="USD",
        idempotency_key="empty",
        channel="web",
    )
    clock.advance(days=1)
    [result] = scheduled_transfers.run_scheduled_transfers(uow)
    assert (result.status, result.failure_reason) == ("failed", "InsufficientFunds")


def test_a_scheduled_transfer_can_be_cancelled_by_its_owner_only(uow, demo, clock):
    from banking_backend.domain.errors import TransferNotFound

    t = transfers.transfer(
        uow,
        demo.alice,
        demo.account("alice", "checking"),
        to_account_id=demo.account("alice", "savings"),
        amount=Decimal("5"),
        currency="USD",
        idempotency_key="c",
        channel="web",
        scheduled_for=(clock.now + timedelta(days=2)).date(),
    )
    with pytest.raises(TransferNotFound):
        scheduled_transfers.cancel_scheduled(uow, demo.bob, t.id, channel="web")
    assert scheduled_transfers.cancel_scheduled(uow, demo.alice, t.id, channel="web").status == "cancelled"
