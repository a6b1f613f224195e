"""Transfers, worked through like an accountant would: who pays, who is credited, what the
limits and the one-time code rules say, and that a retried request never pays twice."""

from decimal import Decimal

import pytest

from banking_backend.domain.errors import (
    AccountNotFound,
    CurrencyMismatch,
    DuplicateIdempotencyKey,
    InsufficientFunds,
    InvalidAmount,
    InvalidRequest,
    PayeeNotFound,
    SameAccount,
)
from banking_backend.services import accounts, ledger, transfers
from tests.unit.banking_backend.helpers import balance


def test_between_own_accounts_money_moves_from_checking_to_savings(uow, demo):
    chk, sav = demo.account("alice", "checking"), demo.account("alice", "savings")
    chk0, sav0 = balance(uow, demo.alice, chk), balance(uow, demo.alice, sav)
    t = transfers.transfer(
        uow,
        demo.alice,
        chk,
        to_account_id=sav,
        amount=Decimal("250.00"),
        currency="USD",
        idempotency_key="k1",
        channel="web",
    )
    assert t.status == "completed" and t.amount == Decimal("250.00")
    assert balance(uow, demo.alice, chk) == chk0 - 250
    assert balance(uow, demo.alice, sav) == sav0 + 250


def test_paying_a_payee_who_banks_here_credits_their_account(uow, demo):
    alice_chk, bob_chk = demo.account("alice", "checking"), demo.account("bob", "checking")
    a0, b0 = balance(uow, demo.alice, alice_chk), balance(uow, demo.bob, bob_chk)
    t = transfers.transfer(
        uow,
        demo.alice,
        alice_chk,
        payee_id=demo.payee("alice", "Bob Okafor"),
        amount=Decimal("40"),
        currency="USD",
        idempotency_key="dinner",
        channel="telegram",
        memo="Dinner",
    )
    assert t.counterparty == "Bob Okafor"
    assert balance(uow, demo.alice, alice_chk) == a0 - 40
    assert balance(uow, demo.bob, bob_chk) == b0 + 40
    bob_sees = accounts.recent_transactions(uow, demo.bob, bob_chk, limit=1)[0]
    assert (bob_sees.amount, bob_sees.description) == (Decimal("40.00"), "Dinner")


def test_paying_an_external_payee_goes_to_the_clearing_account(uow, demo):
    chk = demo.account("alice", "checking")
    with uow:
        clearing_before = ledger.internal_account(uow, ledger.CLEARING, "USD").balance_minor
    transfers.transfer(
        uow,
        demo.alice,
        chk,
        payee_id=demo.payee("alice", "Landlord Properties"),
        amount=Decimal("900"),
        currency="USD",
        idempotency_key="rent",
        channel="web",
    )
    with uow:
        clearing = ledger.internal_account(uow, ledger.CLEARING, "USD")
        assert clearing.balance_minor - clearing_before == 90000


def test_no_overdraft_means_insufficient_funds_with_what_is_available(uow, demo):
    bob_chk = demo.account("bob", "checking")
    have = balance(uow, demo.bob, bob_chk)
    with pytest.raises(InsufficientFunds) as error:
        transfers.transfer(
            uow,
            demo.bob,
            bob_chk,
            to_account_id=demo.account("bob", "savings"),
            amount=have + Decimal("0.01"),
            currency="USD",
            idempotency_key="too-much",
            channel="web",
        )
    assert error.value.available.amount == have
    assert balance(uow, demo.bob, bob_chk) == have


def test_an_allowed_overdraft_may_be_used_up_to_its_limit(uow, demo):
    chk = demo.account("alice", "checking")  # overdraft 500
    have = balance(uow, demo.alice, chk)
    transfers.transfer(
        uow,
        demo.alice,
        chk,
        to_account_id=demo.account("alice", "savings"),
        amount=have + 500,
        currency="USD",
        idempotency_key="all-in",
        channel="web",
    )
    assert balance(uow, demo.alice, chk) == Decimal("-500.00")
    with pytest.raises(InsufficientFunds):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            to_account_id=demo.account("alice", "savings"),
            amount=Decimal("0.01"),
            currency="USD",
            idempotency_key="one-cent",
            channel="web",
        )


def test_same_key_same_request_pays_once_and_returns_the_same_transfer(uow, demo):
    chk = demo.account("alice", "checking")
    args = dict(
        payee_id=demo.payee("alice", "Bob Okafor"),
        amount=Decimal("12.34"),
        currency="USD",
        idempotency_key="webhook-77",
        channel="sms",
    )
    before = balance(uow, demo.alice, chk)
    first = transfers.transfer(uow, demo.alice, chk, **args)
    second = transfers.transfer(uow, demo.alice, chk, **args)
    assert first == second and second.replayed and not first.replayed
    assert balance(uow, demo.alice, chk) == before - Decimal("12.34")


def test_same_key_with_a_different_request_is_an_error(uow, demo):
    chk = demo.account("alice", "checking")
    transfers.transfer(
        uow,
        demo.alice,
        chk,
        payee_id=demo.payee("alice", "Bob Okafor"),
        amount=Decimal("10"),
        currency="USD",
        idempotency_key="k",
        channel="web",
    )
    with pytest.raises(DuplicateIdempotencyKey):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            payee_id=demo.payee("alice", "Bob Okafor"),
            amount=Decimal("11"),
            currency="USD",
            idempotency_key="k",
            channel="web",
        )


def test_idempotency_keys_belong_to_one_customer(uow, demo):
    transfers.transfer(
        uow,
        demo.alice,
        demo.account("alice", "checking"),
        to_account_id=demo.account("alice", "savings"),
        amount=Decimal("1"),
        currency="USD",
        idempotency_key="same",
        channel="web",
    )
    t = transfers.transfer(
        uow,
        demo.bob,
        demo.account("bob", "checking"),
        to_account_id=demo.account("bob", "savings"),
        amount=Decimal("1"),
        currency="USD",
        idempotency_key="same",
        channel="web",
    )
    assert not t.replayed


def test_nobody_can_move_or_see_someone_elses_money(uow, demo):
    bob_chk = demo.account("bob", "checking")
    with pytest.raises(AccountNotFound):
        transfers.transfer(
            uow,
            demo.alice,
            bob_chk,
            to_account_id=demo.account("alice", "savings"),
            amount=Decimal("1"),
            currency="USD",
            idempotency_key="steal",
            channel="web",
        )
    with pytest.raises(AccountNotFound):
        transfers.transfer(
            uow,
            demo.alice,
            demo.account("alice", "checking"),
            to_account_id=bob_chk,
            amount=Decimal("1"),
            currency="USD",
            idempotency_key="direct",
            channel="web",
        )
    with pytest.raises(PayeeNotFound) as error:
        transfers.transfer(
            uow,
            demo.alice,
            demo.account("alice", "checking"),
            payee_id=demo.payee("bob", "Alice Martin"),
            amount=Decimal("1"),
            currency="USD",
            idempotency_key="p",
            channel="web",
        )
    assert error.value.saved_payees == ["Bob Okafor", "Landlord Properties"]
    with pytest.raises(AccountNotFound):
        accounts.recent_transactions(uow, demo.alice, account_id=bob_chk)
    with pytest.raises(AccountNotFound):
        transfers.check_transfer(
            uow, demo.alice, bob_chk, to_account_id=bob_chk, amount=Decimal("1"), currency="USD"
        )


@pytest.mark.parametrize("amount", ["0", "-1", "10.001", "NaN", "Infinity", "1e15"])
def test_bad_amounts_are_refused_before_anything_happens(uow, demo, amount):
    with pytest.raises(InvalidAmount):
        transfers.transfer(
            uow,
            demo.alice,
            demo.account("alice", "checking"),
            to_account_id=demo.account("alice", "savings"),
            amount=Decimal(amount),
            currency="USD",
            idempotency_key="bad",
            channel="web",
        )


def test_float_amounts_raise(uow, demo):
    with pytest.raises(TypeError):
        transfers.transfer(
            uow,
            demo.alice,
            demo.account("alice", "checking"),
            to_account_id=demo.account("alice", "savings"),
            amount=1.5,
            currency="USD",
            idempotency_key="float",
            channel="web",
        )


def test_wrong_currency_same_account_and_missing_destination(uow, demo):
    chk, sav = demo.account("alice", "checking"), demo.account("alice", "savings")
    with pytest.raises(CurrencyMismatch):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            to_account_id=sav,
            amount=Decimal("1"),
            currency="CNY",
            idempotency_key="c",
            channel="web",
        )
    with pytest.raises(SameAccount):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            to_account_id=chk,
            amount=Decimal("1"),
            currency="USD",
            idempotency_key="s",
            channel="web",
        )
    with pytest.raises(InvalidRequest):
        transfers.transfer(
            uow, demo.alice, chk, amount=Decimal("1"), currency="USD", idempotency_key="n", channel="web"
        )
    with pytest.raises(InvalidRequest):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            to_account_id=sav,
            amount=Decimal("1"),
            currency="USD",
            idempotency_key="",
            channel="web",
        )


def test_check_transfer_moves_nothing_and_says_what_would_happen(uow, demo):
    chk = demo.account("alice", "checking")
    before = balance(uow, demo.alice, chk)
    check = transfers.check_transfer(
        uow, demo.alice, chk, payee_id=demo.payee("alice", "Bob Okafor"), amount=Decimal("20"), currency="USD"
    )
    assert not check.step_up_required and check.counterparty == "Bob Okafor"
    assert check.available_after == before + 500 - 20
    assert balance(uow, demo.alice, chk) == before
