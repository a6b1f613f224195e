"""A customer who was sent too many one-time codes: told when to try again, in their language,
and the form ends instead of waiting for a code that was never sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from actions.bank import unit_of_work
from actions.bank_errors import wait_until
from actions.cards import ActionUnblockCardSubmit, ValidateUnblockCardForm
from actions.step_up import PURPOSE_CARD_UNBLOCK
from actions.transfers import ActionTransferSubmit, ValidateTransferForm
from banking_backend import models as m
from banking_backend.code_senders import RecordingCodeSender
from banking_backend.services import accounts, cards, otp
from tests.unit.actions.conftest import customer_id, make_tracker, run

STEP_UP_SLOTS = {
    "transfer_from_account": "3201",
    "transfer_payee": "王五",
    "transfer_amount": "800",
    "transfer_currency": "CNY",
    "transfer_step_up": True,
}


def use_up_codes(username: str, purpose: str = "transfer") -> None:
    """As many codes for `purpose` as the bank sends in 15 minutes, just now."""
    for _ in range(otp.ISSUE_LIMITS[0].codes):
        otp.issue_code(unit_of_work(), customer_id(username), purpose, RecordingCodeSender())


def codes_file(tmp_path, username: str):
    return tmp_path / "codes" / f"{customer_id(username)}.txt"


def test_the_yes_to_a_transfer_needing_a_code_ends_the_form_and_says_when_to_retry(
    bank_url, domain, tmp_path
):
    use_up_codes("wei")
    before = {a.id: a.balance for a in accounts.list_accounts(unit_of_work(), customer_id("wei"))}
    tracker = make_tracker(
        "wei",
        intent="affirm",
        language="zh",
        active_loop="transfer_form",
        slots={**STEP_UP_SLOTS, "requested_slot": "transfer_confirmed"},
        candidates={"transfer_confirmed": True},
    )
    ran = run(ValidateTransferForm(), tracker, domain)
    assert "验证码的次数过多" in ran.text and "15分钟后再试" in ran.text
    assert ran.slots["form_outcome"] == "too_many_codes"
    assert ran.slots["requested_slot"] is None  # not waiting for a code
    assert not codes_file(tmp_path, "wei").exists()  # nothing was sent
    slots = {**STEP_UP_SLOTS, "transfer_confirmed": True, "form_outcome": "too_many_codes"}
    done = run(ActionTransferSubmit(), make_tracker("wei", slots=slots, language="zh"), domain)
    assert done.text == "" and done.slots["form_outcome"] is None
    after = {a.id: a.balance for a in accounts.list_accounts(unit_of_work(), customer_id("wei"))}
    assert after == before


def test_an_expired_code_that_cannot_be_replaced_ends_the_form(bank_url, domain, tmp_path):
    use_up_codes("wei")
    with unit_of_work() as uow:
        uow.session.execute(
            update(m.OneTimeCode)
            .where(m.OneTimeCode.customer_id == customer_id("wei"))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        uow.commit()
    slots = {**STEP_UP_SLOTS, "transfer_confirmed": True, "requested_slot": "transfer_otp"}
    ran = run(
        ValidateTransferForm(),
        make_tracker(
            "wei", "123456", active_loop="transfer_form", slots=slots, candidates={"transfer_otp": "123456"}
        ),
        domain,
    )
    assert "more one-time codes than we allow" in ran.text and "15 minutes" in ran.text
    assert ran.slots["form_outcome"] == "too_many_codes" and ran.slots["requested_slot"] is None


def test_unblocking_a_card_stops_at_once_when_no_code_can_be_sent(bank_url, domain, tmp_path):
    alice = customer_id("alice")
    debit = next(c for c in cards.list_cards(unit_of_work(), alice) if c.last4 == "4821")
    cards.block_card(unit_of_work(), alice, debit.id, "temporary", "test")
    use_up_codes("alice", PURPOSE_CARD_UNBLOCK)
    ran = run(ValidateUnblockCardForm(), make_tracker("alice", active_loop="unblock_card_form"), domain)
    assert "try again in 15 minutes" in ran.text and "Nothing was changed" in ran.text
    assert ran.slots["form_outcome"] == "too_many_codes" and ran.slots["requested_slot"] is None
    assert not codes_file(tmp_path, "alice").exists()
    slots = {"unblock_card": "4821", "form_outcome": "too_many_codes"}
    run(ActionUnblockCardSubmit(), make_tracker("alice", slots=slots), domain)
    assert next(c for c in cards.list_cards(unit_of_work(), alice) if c.last4 == "4821").status == "blocked"


def test_the_wait_is_rounded_up_to_minutes_then_hours():
    now = datetime.now(UTC)
    assert wait_until(now + timedelta(seconds=20), "en") == "1 minute"
    assert wait_until(now + timedelta(minutes=14, seconds=30), "en") == "15 minutes"
    assert wait_until(now + timedelta(hours=23, minutes=10), "en") == "24 hours"
    assert wait_until(now + timedelta(hours=2), "zh") == "2小时"
    assert wait_until(now - timedelta(minutes=1), "zh") == "1分钟"
