"""Operations waiting for a yes: the bank executes what it stored when it asked, for its owner,
once, before it expires; a no or a newer summary leaves nothing to execute."""

from decimal import Decimal

import pytest

from banking_backend.domain.errors import (
    ConfirmationTooOld,
    OperationCancelled,
    OperationExpired,
    OperationNotFound,
)
from banking_backend.services import pending_operations as ops
from banking_backend.services import transfers
from tests.unit.banking_backend.helpers import balance


def _record_alice_pays_bob(uow, demo, amount="40", key="chat-transfer-1") -> int:
    parameters = ops.transfer_parameters(
        demo.account("alice", "checking"),
        Decimal(amount),
        "USD",
        to_account_id=None,
        payee_id=demo.payee("alice", "Bob Okafor"),
    )
    return ops.record(
        uow, demo.alice, "transfer", parameters, idempotency_key=key, channel="web", message_id="m-asked"
    )


def _yes(clock, message_id="m-yes") -> ops.Confirmation:
    return ops.Confirmation(message_id, int(clock.now.timestamp()))


def _execute(uow, customer_id, operation_id, clock, message_id="m-yes"):
    return ops.execute(uow, customer_id, operation_id, "transfer", _yes(clock, message_id), channel="web")


def _balances(uow, demo):
    return (
        balance(uow, demo.alice, demo.account("alice", "checking")),
        balance(uow, demo.bob, demo.account("bob", "checking")),
        len(transfers.list_transfers(uow, demo.alice, limit=500)),
    )


def test_a_confirmed_operation_moves_the_stored_amount_once(uow, demo, clock):
    alice0, bob0, count0 = _balances(uow, demo)
    operation = _record_alice_pays_bob(uow, demo, "40")
    clock.advance(seconds=30)

    first = _execute(uow, demo.alice, operation, clock)
    second = _execute(uow, demo.alice, operation, clock, message_id="m-yes-again")

    assert first.result.amount == Decimal("40.00") and not first.result.replayed
    assert second.result.replayed and second.result.id == first.result.id
    assert _balances(uow, demo) == (alice0 - 40, bob0 + 40, count0 + 1)


def test_another_customers_operation_is_not_found_and_moves_nothing(uow, demo, clock):
    before = _balances(uow, demo)
    operation = _record_alice_pays_bob(uow, demo)
    clock.advance(seconds=30)
    with pytest.raises(OperationNotFound):
        _execute(uow, demo.bob, operation, clock)
    with pytest.raises(OperationNotFound):
        _execute(uow, demo.alice, None, clock)
    with pytest.raises(OperationNotFound):  # a transfer is not confirmed by a card form's yes
        ops.execute(uow, demo.alice, operation, "card_block", _yes(clock), channel="web")
    assert _balances(uow, demo) == before


def test_an_expired_operation_moves_nothing_and_stays_expired(uow, demo, clock):
    before = _balances(uow, demo)
    operation = _record_alice_pays_bob(uow, demo)
    clock.advance(minutes=11)
    with pytest.raises(OperationExpired):
        _execute(uow, demo.alice, operation, clock)
    clock.advance(minutes=-10)  # even a clock set back does not revive it
    with pytest.raises(OperationExpired):
        _execute(uow, demo.alice, operation, clock)
    assert _balances(uow, demo) == before


def test_a_cancelled_operation_moves_nothing(uow, demo, clock):
    before = _balances(uow, demo)
    operation = _record_alice_pays_bob(uow, demo)
    ops.cancel(uow, demo.alice, operation)
    clock.advance(seconds=30)
    with pytest.raises(OperationCancelled):
        _execute(uow, demo.alice, operation, clock)
    assert _balances(uow, demo) == before


def test_a_newer_summary_of_the_same_form_run_replaces_the_older_one(uow, demo, clock):
    alice0, bob0, _ = _balances(uow, demo)
    older = _record_alice_pays_bob(uow, demo, "40")
    newer = _record_alice_pays_bob(uow, demo, "30")  # "make it 30"
    clock.advance(seconds=30)
    with pytest.raises(OperationCancelled):
        _execute(uow, demo.alice, older, clock)
    _execute(uow, demo.alice, newer, clock)
    assert _balances(uow, demo)[:2] == (alice0 - 30, bob0 + 30)


def test_a_yes_signed_before_the_summary_was_recorded_is_not_an_answer_to_it(uow, demo, clock):
    before = _balances(uow, demo)
    lifted = ops.Confirmation("m-older", int(clock.now.timestamp()) - 60)
    operation = _record_alice_pays_bob(uow, demo)
    with pytest.raises(ConfirmationTooOld):
        ops.execute(uow, demo.alice, operation, "transfer", lifted, channel="web")
    assert _balances(uow, demo) == before
    _execute(uow, demo.alice, operation, clock)  # the customer's own yes still works
    assert _balances(uow, demo) != before


def test_the_message_the_summary_answered_cannot_also_confirm_it(uow, demo, clock):
    before = _balances(uow, demo)
    operation = _record_alice_pays_bob(uow, demo)
    with pytest.raises(ConfirmationTooOld):
        _execute(uow, demo.alice, operation, clock, message_id="m-asked")
    assert _balances(uow, demo) == before
