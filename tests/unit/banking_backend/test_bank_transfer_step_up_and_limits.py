"""Transfers that need a one-time code (a new payee, a large amount) and the limits."""

from decimal import Decimal

import pytest

from banking_backend.code_senders import RecordingCodeSender
from banking_backend.domain.errors import (
    InsufficientFunds,
    LimitExceeded,
    StepUpRequired,
    StepUpTokenInvalid,
)
from banking_backend.services import ledger, otp, payees, transfers
from tests.unit.banking_backend.helpers import step_up


def test_a_new_payee_needs_a_one_time_code_then_is_trusted(uow, demo):
    chk = demo.account("wei", "checking")
    wangwu = demo.payee("wei", "王五")
    with pytest.raises(StepUpRequired) as error:
        transfers.transfer(
            uow,
            demo.wei,
            chk,
            payee_id=wangwu,
            amount=Decimal("800"),
            currency="CNY",
            idempotency_key="w1",
            channel="telegram",
        )
    assert error.value.purpose == "transfer" and error.value.reasons == ["new_payee"]
    check = transfers.check_transfer(
        uow, demo.wei, chk, payee_id=wangwu, amount=Decimal("800"), currency="CNY"
    )
    assert check.step_up_required
    token = step_up(uow, demo.wei)
    t = transfers.transfer(
        uow,
        demo.wei,
        chk,
        payee_id=wangwu,
        amount=Decimal("800"),
        currency="CNY",
        idempotency_key="w1",
        channel="telegram",
        step_up_token=token,
    )
    assert t.status == "completed"
    # Trusted now: the next small payment needs no code.
    transfers.transfer(
        uow,
        demo.wei,
        chk,
        payee_id=wangwu,
        amount=Decimal("100"),
        currency="CNY",
        idempotency_key="w2",
        channel="telegram",
    )


def test_a_large_payment_needs_a_code_even_to_a_trusted_payee(uow, demo):
    chk = demo.account("alice", "checking")
    bob = demo.payee("alice", "Bob Okafor")
    with pytest.raises(StepUpRequired) as error:
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            payee_id=bob,
            amount=Decimal("1000"),
            currency="USD",
            idempotency_key="big",
            channel="web",
        )
    assert error.value.reasons == ["above_threshold"]
    token = step_up(uow, demo.alice)
    transfers.transfer(
        uow,
        demo.alice,
        chk,
        payee_id=bob,
        amount=Decimal("1000"),
        currency="USD",
        idempotency_key="big",
        channel="web",
        step_up_token=token,
    )
    # The token is spent: another large payment needs another code.
    with pytest.raises(StepUpTokenInvalid):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            payee_id=bob,
            amount=Decimal("1000"),
            currency="USD",
            idempotency_key="big2",
            channel="web",
            step_up_token=token,
        )


def test_a_step_up_token_works_only_for_its_customer_and_purpose(uow, demo):
    sender = RecordingCodeSender()
    otp.issue_code(uow, demo.alice, "card_unblock", sender)
    wrong_purpose = otp.verify_code(uow, demo.alice, "card_unblock", sender.last_code())
    bob_token = step_up(uow, demo.bob)
    for token in (wrong_purpose, bob_token, "made-up"):
        with pytest.raises(StepUpTokenInvalid):
            transfers.transfer(
                uow,
                demo.alice,
                demo.account("alice", "checking"),
                payee_id=demo.payee("alice", "Bob Okafor"),
                amount=Decimal("1500"),
                currency="USD",
                idempotency_key=f"t-{token[:5]}",
                channel="web",
                step_up_token=token,
            )


def test_a_failed_transfer_leaves_the_token_usable(uow, demo):
    chk = demo.account("bob", "checking")
    token = step_up(uow, demo.bob)
    payee = payees.add_payee(uow, demo.bob, "Someone Else", "99 8877 6655", bank_name="HSBC", channel="web")
    with pytest.raises(InsufficientFunds):
        transfers.transfer(
            uow,
            demo.bob,
            chk,
            payee_id=payee.id,
            amount=Decimal("9000"),
            currency="USD",
            idempotency_key="x",
            channel="web",
            step_up_token=token,
        )
    transfers.transfer(
        uow,
        demo.bob,
        chk,
        payee_id=payee.id,
        amount=Decimal("90"),
        currency="USD",
        idempotency_key="y",
        channel="web",
        step_up_token=token,
    )


def test_per_transfer_limit(uow, demo, clock):
    chk = demo.account("wei", "checking")
    ledger.deposit(uow, chk, "100000", "CNY")
    token = step_up(uow, demo.wei)
    with pytest.raises(LimitExceeded) as error:
        transfers.transfer(
            uow,
            demo.wei,
            chk,
            payee_id=demo.payee("wei", "李娜"),
            amount=Decimal("50000.01"),
            currency="CNY",
            idempotency_key="l",
            channel="web",
            step_up_token=token,
        )
    assert error.value.kind == "per_transfer"
    assert error.value.limit.amount == Decimal("50000.00")


def test_daily_limit_counts_todays_payments_to_others_only(uow, demo, clock):
    chk = demo.account("alice", "checking")
    ledger.deposit(uow, chk, "30000", "USD")
    bob = demo.payee("alice", "Bob Okafor")
    for i in range(2):
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            payee_id=bob,
            amount=Decimal("9000"),
            currency="USD",
            idempotency_key=f"d{i}",
            channel="web",
            step_up_token=step_up(uow, demo.alice),
        )
    # Own-account transfers do not count toward it.
    transfers.transfer(
        uow,
        demo.alice,
        chk,
        to_account_id=demo.account("alice", "savings"),
        amount=Decimal("5000"),
        currency="USD",
        idempotency_key="own",
        channel="web",
    )
    with pytest.raises(LimitExceeded) as error:
        transfers.transfer(
            uow,
            demo.alice,
            chk,
            payee_id=bob,
            amount=Decimal("2000.01"),
            currency="USD",
            idempotency_key="d3",
            channel="web",
            step_up_token=step_up(uow, demo.alice),
        )
    assert error.value.kind == "daily" and error.value.remaining.amount == Decimal("2000.00")
    clock.advance(days=1)
    transfers.transfer(
        uow,
        demo.alice,
        chk,
        payee_id=bob,
        amount=Decimal("2000.01"),
        currency="USD",
        idempotency_key="d3",
        channel="web",
        step_up_token=step_up(uow, demo.alice),
    )
