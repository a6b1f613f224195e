"""The transfer form against the demo bank: validation, the bank's refusals, step-up,
corrections, and a submit that pays exactly once."""

from __future__ import annotations

from decimal import Decimal

from actions.code_delivery import read_demo_code
from actions.transfers import (
    ActionAskTransferConfirmed,
    ActionTransferSubmit,
    ValidateTransferForm,
    idempotency_key,
)
from banking_backend.services import accounts, transfers
from tests.unit.actions.conftest import customer_id, make_tracker, run, summarised

FORM = "transfer_form"


def balances(username: str) -> dict[str, Decimal]:
    from actions.bank import unit_of_work

    return {a.kind: a.balance for a in accounts.list_accounts(unit_of_work(), customer_id(username))}


def validate(domain, username="alice", **kwargs):
    tracker = make_tracker(username, active_loop=FORM, **kwargs)
    return run(ValidateTransferForm(), tracker, domain)


def test_a_full_request_is_checked_with_the_bank_and_asks_for_confirmation(bank_url, domain):
    ran = validate(
        domain,
        text="send 300 from savings to Bob",
        candidates={
            "transfer_from_account": "savings",
            "transfer_payee": "Bob",
            "transfer_amount": "300",
        },
    )
    assert ran.slots["transfer_from_account"] == "1302"
    assert ran.slots["transfer_payee"] == "Bob Okafor"
    assert ran.slots["transfer_amount"] == "300"
    assert ran.slots["transfer_step_up"] is False
    assert ran.slots["requested_slot"] == "transfer_confirmed"


def test_chinese_amounts_are_understood(bank_url, domain):
    ran = validate(domain, "wei", text="两千五", candidates={"transfer_amount": "两千五"}, language="zh")
    assert ran.slots["transfer_amount"] == "2500"


def test_insufficient_funds_gives_the_available_balance_and_asks_the_amount_again(bank_url, domain):
    ran = validate(
        domain,
        candidates={
            "transfer_from_account": "checking",
            "transfer_payee": "Bob Okafor",
            "transfer_amount": "9999",
        },
    )
    assert ran.slots["transfer_amount"] is None
    assert ran.slots["requested_slot"] == "transfer_amount"
    assert "enough money" in ran.text and "available" in ran.text


def test_a_chinese_customer_hears_the_refusal_in_chinese(bank_url, domain):
    ran = validate(
        domain,
        "wei",
        language="zh",
        candidates={
            "transfer_from_account": "活期",
            "transfer_payee": "李娜",
            "transfer_amount": "60000",
        },
    )
    assert "单笔转账限额" in ran.text and "50,000.00" in ran.text
    assert ran.slots["transfer_amount"] is None


def test_an_unknown_payee_offers_the_saved_payees_as_buttons(bank_url, domain):
    ran = validate(domain, candidates={"transfer_payee": "Zed Nobody"})
    assert ran.slots["transfer_payee"] is None
    titles = [b["title"] for b in ran.buttons]
    assert titles == ["Bob Okafor", "Landlord Properties"]
    assert ran.buttons[0]["payload"] == '/inform{"payee": "Bob Okafor"}'


def test_a_payee_named_inside_a_chinese_sentence_is_found(bank_url, domain):
    ran = validate(domain, "wei", candidates={"transfer_payee": "给王五"}, language="zh")
    assert ran.slots["transfer_payee"] == "王五"


def test_a_correction_at_the_confirmation_changes_the_amount_and_asks_again(bank_url, domain):
    ran = validate(
        domain,
        text="make it 200",
        slots={
            "transfer_from_account": "1201",
            "transfer_payee": "Bob Okafor",
            "transfer_amount": "300",
            "requested_slot": "transfer_confirmed",
        },
        candidates={"transfer_amount": "make it 200"},
    )
    assert ran.slots["transfer_amount"] == "200"
    assert ran.slots["transfer_confirmed"] is None
    assert ran.slots["requested_slot"] == "transfer_confirmed"


def test_no_at_the_confirmation_ends_the_form_as_cancelled(bank_url, domain):
    ran = validate(
        domain,
        intent="deny",
        slots={
            "transfer_from_account": "1201",
            "transfer_payee": "Bob Okafor",
            "transfer_amount": "3",
            **ASKED_TO_CONFIRM,
        },
        candidates={"transfer_confirmed": False},
    )
    assert ran.slots["form_outcome"] == "cancelled"
    assert ran.slots["requested_slot"] is None


# The form asked "shall I send it?": the yes/no is taken only as the answer to that question.
ASKED_TO_CONFIRM = {"requested_slot": "transfer_confirmed"}

STEP_UP_SLOTS = {
    "transfer_from_account": "3201",
    "transfer_payee": "王五",
    "transfer_amount": "800",
    "transfer_currency": "CNY",
    "transfer_step_up": True,
}


def test_a_new_payee_needs_a_code_sent_after_the_yes(bank_url, domain, tmp_path):
    ran = validate(
        domain, "wei", intent="affirm", language="zh", slots={**STEP_UP_SLOTS, **ASKED_TO_CONFIRM},
        candidates={"transfer_confirmed": True},
    )  # fmt: skip
    assert "验证码" in ran.text
    # All of the domain's slots are needed now, so Rasa's own form asks the next empty one.
    assert ran.slots.get("requested_slot", "transfer_otp") == "transfer_otp"
    assert ran.slots["transfer_confirmed"] is True
    assert len(read_demo_code(customer_id("wei"), tmp_path / "codes")) == 6


def test_the_right_code_gives_a_step_up_token(bank_url, domain, tmp_path):
    slots = {**STEP_UP_SLOTS, "transfer_confirmed": True, "requested_slot": "transfer_otp"}
    asked = {**STEP_UP_SLOTS, **ASKED_TO_CONFIRM}
    validate(domain, "wei", intent="affirm", slots=asked, candidates={"transfer_confirmed": True})
    code = read_demo_code(customer_id("wei"), tmp_path / "codes")
    ran = validate(domain, "wei", text=code, slots=slots, candidates={"transfer_otp": code})
    assert ran.slots["transfer_otp"] == "verified"
    assert ran.slots["transfer_step_up_token"]
    assert ran.slots.get("requested_slot") is None


def test_three_wrong_codes_end_the_attempt_and_hand_off(bank_url, domain, tmp_path):
    slots = {**STEP_UP_SLOTS, "transfer_confirmed": True, "requested_slot": "transfer_otp"}
    asked = {**STEP_UP_SLOTS, **ASKED_TO_CONFIRM}
    validate(domain, "wei", intent="affirm", slots=asked, candidates={"transfer_confirmed": True})
    code = read_demo_code(customer_id("wei"), tmp_path / "codes")
    wrong = "000000" if code != "000000" else "111111"
    first = validate(domain, "wei", slots=slots, candidates={"transfer_otp": wrong})
    assert "2 attempt" in first.text and first.slots["transfer_otp"] is None
    validate(domain, "wei", slots=slots, candidates={"transfer_otp": wrong})
    third = validate(domain, "wei", slots=slots, candidates={"transfer_otp": wrong})
    assert third.payloads == [{"handoff": {"reason": "auth_failed"}}]
    assert third.slots["handoff_reason"] == "auth_failed"
    assert third.slots["form_outcome"] == "auth_failed"
    assert third.slots["requested_slot"] is None


def confirmed_tracker(username="alice", **slots):
    values = {
        "transfer_from_account": "1201",
        "transfer_payee": "Bob Okafor",
        "transfer_amount": "125.50",
        "transfer_confirmed": True,
        **slots,
    }
    return make_tracker(
        username,
        intent="affirm",
        slots=summarised(ActionAskTransferConfirmed(), username, values),
        active_loop=FORM,
    )


def test_the_submit_moves_the_money_once_even_when_retried(bank_url, domain):
    before = balances("alice")
    tracker = confirmed_tracker()
    first = run(ActionTransferSubmit(), tracker, domain)
    again = run(ActionTransferSubmit(), tracker, domain)
    after = balances("alice")
    assert after["checking"] == before["checking"] - Decimal("125.50")
    assert "$125.50 sent to Bob Okafor" in first.text
    assert "already made" in again.text
    assert first.slots["transfer_amount"] is None  # the form's slots are cleared


def test_the_idempotency_key_is_stable_for_one_form_run(bank_url):
    assert idempotency_key(confirmed_tracker()) == idempotency_key(confirmed_tracker())
    assert idempotency_key(confirmed_tracker()).startswith("chat-transfer-")


def test_a_cancelled_or_failed_form_moves_nothing(bank_url, domain):
    before = balances("alice")
    cancelled = run(ActionTransferSubmit(), confirmed_tracker(form_outcome="cancelled"), domain)
    locked = run(ActionTransferSubmit(), confirmed_tracker(form_outcome="auth_failed"), domain)
    assert "cancelled" in cancelled.text and locked.text == ""
    assert balances("alice") == before
    assert transfers.list_transfers.__name__  # the service is the only way in


def test_a_step_up_transfer_without_a_token_is_refused_clearly(bank_url, domain):
    tracker = confirmed_tracker(
        "wei",
        transfer_from_account="3201",
        transfer_payee="王五",
        transfer_amount="800",
        language="zh",
    )
    ran = run(ActionTransferSubmit(), tracker, domain)
    assert "验证已失效" in ran.text


def test_a_signed_out_visitor_is_asked_to_sign_in_and_the_form_stops(bank_url, domain):
    ran = run(ValidateTransferForm(), make_tracker(None, active_loop=FORM), domain)
    assert "not signed in" in ran.text
    assert ran.slots == {"form_outcome": "signed_out", "requested_slot": None}


def test_a_yes_left_by_a_lost_earlier_run_is_not_taken_for_this_transfers_confirmation(bank_url, domain):
    # Rasa lost the submit action's reply (the process died), so the last run's slots stayed set.
    left = {"transfer_confirmed": True, "transfer_step_up": False}
    # Starting the form, Rasa hands the slots already set to the validation as candidates.
    ran = validate(
        domain,
        text="send $5 from checking to Bob",
        slots=left,
        candidates={
            "transfer_from_account": "checking",
            "transfer_payee": "Bob",
            "transfer_amount": "5",
            **left,
        },
    )
    assert ran.slots["transfer_confirmed"] is None
    assert ran.slots["requested_slot"] == "transfer_confirmed", "the customer is asked again"
    assert "form_outcome" not in ran.slots or ran.slots["form_outcome"] is None


def test_the_customers_own_yes_at_the_confirmation_stands(bank_url, domain):
    asked = {"transfer_from_account": "1301", "transfer_payee": "Bob Okafor", "transfer_amount": "5"}
    ran = validate(
        domain,
        intent="affirm",
        slots={**asked, "transfer_step_up": False, "requested_slot": "transfer_confirmed"},
        candidates={"transfer_confirmed": True},
    )
    assert ran.slots["transfer_confirmed"] is True


def test_the_code_is_not_also_taken_for_a_new_amount(bank_url, domain, tmp_path):
    # Read as an amount too, "482913" must not replace the 800 being confirmed by that code.
    slots = {**STEP_UP_SLOTS, "transfer_confirmed": True, "requested_slot": "transfer_otp"}
    validate(domain, "wei", intent="affirm", slots={**STEP_UP_SLOTS, **ASKED_TO_CONFIRM},
             candidates={"transfer_confirmed": True})  # fmt: skip
    code = read_demo_code(customer_id("wei"), tmp_path / "codes")
    earlier = [{"event": "slot", "name": "transfer_amount", "value": "800"}]
    ran = validate(
        domain,
        "wei",
        text=code,
        slots=slots,
        history=earlier,
        candidates={"transfer_amount": code, "transfer_otp": code},
    )
    assert ran.slots["transfer_amount"] == "800"
    assert ran.slots["transfer_otp"] == "verified"


def test_from_savings_to_checking_is_between_own_accounts_without_a_code(bank_url, domain):
    ran = validate(
        domain,
        text="move 1k from savings to checking",
        intent="transfer_money",
        candidates={"transfer_from_account": ["savings", "checking"], "transfer_amount": "1k"},
    )
    assert ran.slots["transfer_from_account"] == "1302"
    assert ran.slots["transfer_payee"] == "account:1201"
    assert ran.slots["transfer_step_up"] is False  # own accounts: no code, whatever the amount
    assert ran.slots["requested_slot"] == "transfer_confirmed"


def test_into_savings_names_where_the_money_goes_and_the_source_is_asked(bank_url, domain):
    ran = validate(
        domain,
        "wei",
        text="转500到我的储蓄账户",
        intent="transfer_money",
        language="zh",
        candidates={"transfer_from_account": "储蓄账户", "transfer_amount": "500"},
    )
    assert ran.slots["transfer_payee"].startswith("account:")
    assert ran.slots["transfer_from_account"] is None
    assert ran.slots["requested_slot"] == "transfer_from_account"


def test_my_savings_as_the_answer_to_who_receives_it_keeps_the_source(bank_url, domain):
    ran = validate(
        domain,
        text="my savings",
        slots={
            "transfer_from_account": "1201",
            "transfer_currency": "USD",
            "requested_slot": "transfer_payee",
        },
        history=[{"event": "slot", "name": "transfer_from_account", "value": "1201"}],
        candidates={"transfer_from_account": "savings", "transfer_payee": "my savings"},
    )
    assert ran.slots["transfer_from_account"] == "1201"
    assert ran.slots["transfer_payee"] == "account:1302"


def test_an_own_account_transfer_moves_the_money_between_the_two_accounts_once(bank_url, domain):
    before = balances("alice")
    slots = {
        "transfer_from_account": "1201",
        "transfer_payee": "account:1302",
        "transfer_amount": "2500",
        "transfer_currency": "USD",
        "transfer_confirmed": True,
        "transfer_step_up": False,
    }
    tracker = make_tracker(
        "alice", slots=summarised(ActionAskTransferConfirmed(), "alice", slots), active_loop=FORM
    )
    done = run(ActionTransferSubmit(), tracker, domain)
    run(ActionTransferSubmit(), tracker, domain)
    after = balances("alice")
    assert after["checking"] == before["checking"] - Decimal(2500)
    assert after["savings"] == before["savings"] + Decimal(2500)
    assert "$2,500.00 sent to High-Yield Savings" in done.text


def test_a_transfer_the_bank_holds_for_review_is_told_as_held_not_as_sent(bank_url, domain, monkeypatch):
    from actions.bank import unit_of_work
    from banking_backend.services import payees

    monkeypatch.setenv("BANKBOT_RISK_RAPID_COUNT", "1")  # the second payment in ten minutes is held
    alice, uow = customer_id("alice"), unit_of_work()
    checking = next(a for a in accounts.list_accounts(uow, alice) if a.kind == "checking")
    bob = payees.find_payee(uow, alice, "Bob Okafor")
    paid = transfers.transfer(
        uow,
        alice,
        checking.id,
        payee_id=bob.id,
        amount=Decimal("10"),
        currency="USD",
        idempotency_key="paid-a-minute-ago",
        channel="web",
    )
    assert paid.status == "completed"
    before = balances("alice")
    held = run(ActionTransferSubmit(), confirmed_tracker(), domain)
    assert "holding it for a security check" in held.text and "several transfers" in held.text
    assert "Done" not in held.text
    assert balances("alice") == before  # nothing moved


def test_a_word_of_the_amount_read_as_a_name_does_not_undo_the_payee(bank_url, domain):
    # "minus 50" at the amount step: the NLU may take "minus" for a payee too; Bob stays, and the
    # amount is refused as below zero.
    ran = validate(
        domain,
        text="minus 50",
        slots={
            "transfer_payee": "Bob Okafor",
            "transfer_from_account": "1201",
            "requested_slot": "transfer_amount",
        },
        history=[
            {"event": "slot", "name": "transfer_payee", "value": "Bob Okafor", "timestamp": 1699999999.0}
        ],
        candidates={"transfer_payee": "minus", "transfer_amount": "minus 50"},
    )
    assert "couldn't find that payee" not in ran.text
    assert ran.slots.get("transfer_payee", "Bob Okafor") == "Bob Okafor"
