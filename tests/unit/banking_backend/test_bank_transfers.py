"""Transfers, worked through like an accountant would: who pays, who is credited, what the
limits and the one-time code rules say, and that a retried request never pays twice."""

from datetime import timedelta
from decimal import Decimal

import pytest

from banking_backend.code_senders import RecordingCodeSender
from banking_backend.domain.errors import (
    AccountNotFound,
    CurrencyMismatch,
    DuplicateIdempotencyKey,
    InsufficientFunds,
    InvalidAmount,
    InvalidRequest,
    LimitExceeded,
    PayeeNotFound,
    SameAccount,
    StepUpRequired,
    StepUpTokenInvalid,
)
from banking_backend.services import accounts, ledger, otp, transfers


def balance(uow, customer_id, account_id):
    return next(a for a in accounts.list_accounts(uow, customer_id) if a.id == account_id).balance


def step_up(uow, customer_id):
    sender = RecordingCodeSender()
    otp.issue_code(uow, customer_id, "transfer", sender)
    return otp.verify_code(uow, customer_id, "transfer", sender.last_code())


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
    payee = transfers.add_payee(
        uow, demo.bob, "Someone Else", "99 8877 6655", bank_name="HSBC", channel="web"
    )
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
    assert transfers.run_scheduled_transfers(uow, today=on - timedelta(days=1)) == []
    assert balance(uow, demo.alice, chk) == before
    clock.advance(days=3)
    done = transfers.run_scheduled_transfers(uow)
    assert [d.status for d in done] == ["completed"]
    assert balance(uow, demo.alice, chk) == before - 75
    assert transfers.run_scheduled_transfers(uow) == []  # never twice


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
    [result] = transfers.run_scheduled_transfers(uow)
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
        transfers.cancel_scheduled(uow, demo.bob, t.id, channel="web")
    assert transfers.cancel_scheduled(uow, demo.alice, t.id, channel="web").status == "cancelled"


def test_add_payee_recognises_accounts_at_this_bank(uow, demo):
    p = transfers.add_payee(uow, demo.bob, "Wang Wei", "6200 0003 3201", channel="web")
    assert p.internal and not p.trusted and p.masked_number == "•••• 3201"
    again = transfers.add_payee(uow, demo.bob, "Wang Wei", "620000033201", channel="web")
    assert again.id == p.id
    ext = transfers.add_payee(uow, demo.bob, "Corner Shop", "GB00 1234", bank_name="Barclays", channel="web")
    assert not ext.internal


def test_find_payee_by_name_or_say_which_payees_there_are(uow, demo):
    assert transfers.find_payee(uow, demo.wei, "李娜").name == "李娜"
    assert transfers.find_payee(uow, demo.alice, "bob").name == "Bob Okafor"
    with pytest.raises(PayeeNotFound) as error:
        transfers.find_payee(uow, demo.wei, "赵六")
    assert "王五" in error.value.saved_payees
