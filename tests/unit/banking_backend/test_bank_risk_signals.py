"""Risk signals in the transfer path: many transfers in a short time, a large first payment to
a payee, a payment soon after a phone or address change. They step up (a code first) or hold the
transfer for review; the audit log says which signal fired and why; a held transfer moves no
money until staff release it, and then exactly once."""

from decimal import Decimal

import pytest

from banking_backend.domain.errors import StepUpRequired, TransferNotHeld
from banking_backend.services import audit, ledger, payees, profile, transfer_reviews, transfers
from tests.unit.banking_backend.helpers import Phones, balance, step_up


def _pay(uow, demo, who, payee, amount, key, token=None, currency=None):
    return transfers.transfer(
        uow,
        getattr(demo, who),
        demo.account(who, "checking"),
        payee_id=demo.payee(who, payee) if isinstance(payee, str) else payee,
        amount=Decimal(amount),
        currency=currency or ("USD" if who in ("alice", "bob") else "CNY"),
        idempotency_key=key,
        channel="web",
        step_up_token=token,
    )


def _risk_records(uow, customer_id):
    return [r for r in audit.list_for_customer(uow, customer_id) if r.action == "risk.signals"]


def test_the_sixth_transfer_in_ten_minutes_is_held_and_moves_no_money(uow, demo, clock):
    for i in range(5):
        assert _pay(uow, demo, "alice", "Bob Okafor", "10", f"r{i}").status == "completed"
        clock.advance(minutes=1)
    before = balance(uow, demo.alice, demo.account("alice", "checking"))
    held = _pay(uow, demo, "alice", "Bob Okafor", "10", "r5")
    assert held.status == "held" and held.hold_reasons == ("rapid_transfers",)
    assert held.journal_entry_id is None
    assert balance(uow, demo.alice, demo.account("alice", "checking")) == before
    [record] = _risk_records(uow, demo.alice)
    assert record.details["outcome"] == "hold" and record.details["transfer_id"] == held.id
    assert record.details["signals"][0]["name"] == "rapid_transfers"
    assert "5 transfers to others in the last 10 minutes" in record.details["signals"][0]["why"]
    # The same request again is the same held transfer, not a new one.
    again = _pay(uow, demo, "alice", "Bob Okafor", "10", "r5")
    assert again.replayed and again.id == held.id and again.status == "held"
    # Ten minutes later the customer is back to normal.
    clock.advance(minutes=10)
    assert _pay(uow, demo, "alice", "Bob Okafor", "10", "r6").status == "completed"


def test_own_account_transfers_raise_no_signal(uow, demo):
    for i in range(8):
        t = transfers.transfer(
            uow,
            demo.alice,
            demo.account("alice", "checking"),
            to_account_id=demo.account("alice", "savings"),
            amount=Decimal("1"),
            currency="USD",
            idempotency_key=f"own{i}",
            channel="web",
        )
        assert t.status == "completed"


def test_a_large_first_payment_to_a_new_payee_is_held_after_its_code_then_released_once(uow, demo):
    chk = demo.account("wei", "checking")
    ledger.deposit(uow, chk, "20000", "CNY")
    check = transfers.check_transfer(
        uow, demo.wei, chk, payee_id=demo.payee("wei", "王五"), amount=Decimal("12000"), currency="CNY"
    )
    assert check.step_up_required and check.hold_reasons == ("new_payee_large",)
    with pytest.raises(StepUpRequired):
        _pay(uow, demo, "wei", "王五", "12000", "big-new")
    held = _pay(uow, demo, "wei", "王五", "12000", "big-new", token=step_up(uow, demo.wei))
    assert held.status == "held" and held.hold_reasons == ("new_payee_large",)
    before = balance(uow, demo.wei, chk)

    staff_view = transfer_reviews.held_transfers(uow)
    assert [t.id for t in staff_view] == [held.id]
    (review,) = transfer_reviews.held_for_review(uow)
    assert review.transfer.id == held.id and review.customer_id == demo.wei
    assert [s["name"] for s in review.signals] == ["new_payee_large"]
    assert "first payment to this payee" in review.signals[0]["why"]
    paid = transfer_reviews.release(uow, demo.wei, held.id, staff="supervisor1")
    assert paid.status == "completed" and paid.journal_entry_id is not None
    assert balance(uow, demo.wei, chk) == before - Decimal("12000")
    with pytest.raises(TransferNotHeld):
        transfer_reviews.release(uow, demo.wei, held.id, staff="supervisor1")
    assert balance(uow, demo.wei, chk) == before - Decimal("12000")  # paid once
    assert next(p for p in payees.list_payees(uow, demo.wei) if p.name == "王五").trusted
    assert transfer_reviews.held_transfers(uow) == []


def test_below_the_threshold_a_first_payment_only_needs_its_code(uow, demo):
    paid = _pay(uow, demo, "wei", "王五", "800", "small-new", token=step_up(uow, demo.wei))
    assert paid.status == "completed" and paid.hold_reasons == ()


def test_a_rejected_held_transfer_is_cancelled_and_moves_nothing(uow, demo):
    chk = demo.account("wei", "checking")
    ledger.deposit(uow, chk, "20000", "CNY")
    held = _pay(uow, demo, "wei", "王五", "15000", "rej", token=step_up(uow, demo.wei))
    before = balance(uow, demo.wei, chk)
    rejected = transfer_reviews.reject(
        uow, demo.wei, held.id, staff="supervisor1", why="customer did not confirm"
    )
    assert rejected.status == "cancelled" and "customer did not confirm" in rejected.failure_reason
    assert balance(uow, demo.wei, chk) == before
    assert audit.recent(uow, 5)[0].action == "transfer.rejected"


def test_a_payment_after_a_phone_change_is_held(uow, demo, clock):
    phones = Phones()
    profile.start_phone_change(uow, demo.alice, "+14155550199", phones, "web")
    profile.verify_phone_change(uow, demo.alice, "old", phones.code_to("+14155550101"), "web")
    profile.verify_phone_change(uow, demo.alice, "new", phones.code_to("+14155550199"), "web")
    clock.advance(hours=2)
    held = _pay(uow, demo, "alice", "Bob Okafor", "50", "after-phone")
    assert held.status == "held" and held.hold_reasons == ("recent_phone_change",)
    why = _risk_records(uow, demo.alice)[0].details["signals"][0]["why"]
    assert why.startswith("phone number changed") and "72 hours" in why
    clock.advance(hours=71)
    assert _pay(uow, demo, "alice", "Bob Okafor", "50", "later").status == "completed"


def test_a_payment_after_an_address_change_needs_a_code_and_the_audit_says_why(uow, demo, clock):
    profile.change_address(uow, demo.bob, "9 Pine Street, San Francisco, CA 94104", "web")
    with pytest.raises(StepUpRequired) as refused:
        _pay(uow, demo, "bob", "Alice Martin", "20", "after-address")
    assert refused.value.reasons == ["recent_address_change"]
    paid = _pay(uow, demo, "bob", "Alice Martin", "20", "after-address", token=step_up(uow, demo.bob))
    assert paid.status == "completed"
    [record] = _risk_records(uow, demo.bob)
    assert record.details["signals"][0]["name"] == "recent_address_change"
    assert record.details["transfer_id"] == paid.id


def test_thresholds_are_configuration(uow, demo, clock, monkeypatch):
    monkeypatch.setenv("BANKBOT_RISK_RAPID_COUNT", "2")
    monkeypatch.setenv("BANKBOT_RISK_NEW_PAYEE_HOLD", "CNY=500")
    _pay(uow, demo, "alice", "Bob Okafor", "1", "c1")
    _pay(uow, demo, "alice", "Bob Okafor", "1", "c2")
    assert _pay(uow, demo, "alice", "Bob Okafor", "1", "c3").status == "held"
    assert _pay(uow, demo, "wei", "王五", "800", "c4", token=step_up(uow, demo.wei)).status == "held"
    monkeypatch.setenv("BANKBOT_RISK_RAPID_COUNT", "0")  # off
    assert _pay(uow, demo, "alice", "Bob Okafor", "1", "c5").status == "completed"


def test_through_the_chats_confirmation_a_held_transfer_is_told_as_held_and_never_doubled(uow, demo, clock):
    from banking_backend.services import pending_operations as ops

    for i in range(5):
        _pay(uow, demo, "alice", "Bob Okafor", "5", f"warm{i}")
    operation = ops.record(
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
        idempotency_key="chat-held",
        channel="web",
        message_id="m-summary",
    )
    clock.advance(seconds=2)
    yes = ops.Confirmation("m-yes", int(clock.now.timestamp()))
    first = ops.execute(uow, demo.alice, operation, "transfer", yes, channel="web").result
    assert first.status == "held" and first.hold_reasons == ("rapid_transfers",)
    again = ops.execute(uow, demo.alice, operation, "transfer", yes, channel="web").result
    assert again.replayed and again.id == first.id and again.status == "held"
