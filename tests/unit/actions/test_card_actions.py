"""Card forms and card questions against the demo bank."""

from __future__ import annotations

from actions.bank import unit_of_work
from actions.card_help import ActionCardDeclined, ActionCardNotReceived, ActionCardPin
from actions.card_limits import ActionAskLimitConfirmed, ActionCardLimitSubmit, ValidateCardLimitForm
from actions.cards import (
    ActionActivateCardSubmit,
    ActionAskBlockConfirmed,
    ActionBlockCardSubmit,
    ActionUnblockCardSubmit,
    ValidateBlockCardForm,
    ValidateUnblockCardForm,
)
from actions.code_delivery import read_demo_code
from banking_backend.services import cards
from tests.unit.actions.conftest import customer_id, make_tracker, run, summarised


def card(username: str, last4: str):
    return next(c for c in cards.list_cards(unit_of_work(), customer_id(username)) if c.last4 == last4)


def test_blocking_a_lost_card_blocks_it_and_orders_a_replacement(bank_url, domain):
    ran = run(
        ValidateBlockCardForm(),
        make_tracker(
            "alice",
            active_loop="block_card_form",
            candidates={"block_card": "debit", "block_reason": "I lost it"},
        ),
        domain,
    )
    assert ran.slots["block_card"] == "4821" and ran.slots["block_reason"] == "lost"
    slots = {"block_card": "4821", "block_reason": "lost", "block_confirmed": True}
    slots = summarised(ActionAskBlockConfirmed(), "alice", slots)
    done = run(ActionBlockCardSubmit(), make_tracker("alice", slots=slots), domain)
    assert card("alice", "4821").status == "lost"
    assert "blocked" in done.text and "replacement" in done.text


def test_a_card_that_is_not_there_is_not_taken_and_the_customer_is_told(bank_url, domain):
    ran = run(
        ValidateBlockCardForm(),
        make_tracker("alice", active_loop="block_card_form", candidates={"block_card": "9999"}),
        domain,
    )
    assert ran.slots["block_card"] is None
    assert ran.text == "Sorry, I couldn't tell which card that is."


def test_unblocking_needs_the_code_and_three_wrong_codes_hand_off(bank_url, domain, tmp_path):
    cards.block_card(unit_of_work(), customer_id("wei"), card("wei", "6688").id, "temporary", "test")
    started = run(
        ValidateUnblockCardForm(),
        make_tracker("wei", "帮我解冻", active_loop="unblock_card_form", language="zh"),
        domain,
    )
    assert started.slots["unblock_card"] == "6688" and "验证码" in started.text
    code = read_demo_code(customer_id("wei"), tmp_path / "codes")
    wrong = "000000" if code != "000000" else "111111"
    slots = {"unblock_card": "6688"}
    for _ in range(2):
        run(
            ValidateUnblockCardForm(),
            make_tracker(
                "wei", slots=slots, active_loop="unblock_card_form", candidates={"unblock_otp": wrong}
            ),
            domain,
        )
    third = run(
        ValidateUnblockCardForm(),
        make_tracker("wei", slots=slots, active_loop="unblock_card_form", candidates={"unblock_otp": wrong}),
        domain,
    )
    assert third.payloads == [{"handoff": {"reason": "auth_failed"}}]
    assert third.slots["form_outcome"] == "auth_failed"
    run(
        ActionUnblockCardSubmit(), make_tracker("wei", slots={**slots, "form_outcome": "auth_failed"}), domain
    )
    assert card("wei", "6688").status == "blocked"


def test_unblocking_with_the_right_code_unblocks(bank_url, domain, tmp_path):
    cards.block_card(unit_of_work(), customer_id("alice"), card("alice", "4821").id, "temporary", "test")
    first = run(ValidateUnblockCardForm(), make_tracker("alice", active_loop="unblock_card_form"), domain)
    code = read_demo_code(customer_id("alice"), tmp_path / "codes")
    ok = run(
        ValidateUnblockCardForm(),
        make_tracker(
            "alice",
            slots={"unblock_card": "4821"},
            active_loop="unblock_card_form",
            candidates={"unblock_otp": code},
        ),
        domain,
    )
    assert ok.slots["unblock_otp"]  # the bank's token for the right code
    operation = first.slots["pending_operation"]  # stored when the code was sent
    slots = {"unblock_card": "4821", "unblock_otp": ok.slots["unblock_otp"], "pending_operation": operation}
    done = run(ActionUnblockCardSubmit(), make_tracker("alice", slots=slots), domain)
    assert card("alice", "4821").status == "active" and "works again" in done.text


def test_an_unblock_with_a_slot_saying_verified_but_no_code_unblocks_nothing(bank_url, domain, tmp_path):
    cards.block_card(unit_of_work(), customer_id("alice"), card("alice", "4821").id, "temporary", "test")
    first = run(ValidateUnblockCardForm(), make_tracker("alice", active_loop="unblock_card_form"), domain)
    slots = {
        "unblock_card": "4821",
        "unblock_otp": "verified",
        "pending_operation": first.slots["pending_operation"],
    }
    done = run(ActionUnblockCardSubmit(), make_tracker("alice", slots=slots), domain)
    assert card("alice", "4821").status == "blocked" and "works again" not in done.text


def test_a_lost_card_cannot_be_unblocked(bank_url, domain):
    cards.block_card(unit_of_work(), customer_id("alice"), card("alice", "4821").id, "lost", "test")
    ran = run(
        ValidateUnblockCardForm(),
        make_tracker("alice", "unblock card 4821", active_loop="unblock_card_form"),
        domain,
    )
    assert ran.slots["form_outcome"] == "nothing_to_do"
    assert "only a temporary block" in ran.text


def test_activating_bobs_new_card_with_its_digits(bank_url, domain):
    wrong = run(ActionActivateCardSubmit(), make_tracker("bob", slots={"activate_last4": "1111"}), domain)
    assert "don't match" in wrong.text and card("bob", "9902").status == "inactive"
    right = run(ActionActivateCardSubmit(), make_tracker("bob", slots={"activate_last4": "9902"}), domain)
    assert "active now" in right.text and card("bob", "9902").status == "active"


def test_a_limit_outside_the_bounds_is_refused_with_them(bank_url, domain):
    ran = run(
        ValidateCardLimitForm(),
        make_tracker(
            "alice",
            slots={"limit_card": "4821"},
            active_loop="card_limit_form",
            candidates={"limit_amount": "99999"},
        ),
        domain,
    )
    assert ran.slots["limit_amount"] is None and "$5,000.00" in ran.text


def test_a_limit_typed_as_a_number_alone_keeps_the_card_already_chosen(bank_url, domain):
    # The NLU may also read "800" at "what should the new limit be?" as a card's digits: the card
    # chosen a step before stays, and the 800 is the limit.
    ran = run(
        ValidateCardLimitForm(),
        make_tracker(
            "alice",
            text="800",
            slots={"limit_card": "4821", "requested_slot": "limit_amount"},
            history=[{"event": "slot", "name": "limit_card", "value": "4821", "timestamp": 1699999999.0}],
            active_loop="card_limit_form",
            candidates={"limit_card": "800", "limit_amount": "800"},
        ),
        domain,
    )
    assert "couldn't tell which card" not in ran.text
    assert ran.slots.get("limit_card", "4821") == "4821" and ran.slots["limit_amount"] == "800"


def test_a_new_limit_is_set_in_chinese(bank_url, domain):
    ran = run(
        ValidateCardLimitForm(),
        make_tracker(
            "wei",
            slots={"limit_card": "6688"},
            active_loop="card_limit_form",
            candidates={"limit_amount": "八千"},
            language="zh",
        ),
        domain,
    )
    assert ran.slots["limit_amount"] == "8000"
    slots = {"limit_card": "6688", "limit_amount": "8000", "limit_confirmed": True}
    slots = summarised(ActionAskLimitConfirmed(), "wei", slots, language="zh")
    done = run(ActionCardLimitSubmit(), make_tracker("wei", slots=slots, language="zh"), domain)
    assert "8,000.00 元" in done.text and str(card("wei", "6688").daily_limit) == "8000.00"


def test_a_declined_card_is_explained_from_its_status(bank_url, domain):
    cards.block_card(unit_of_work(), customer_id("alice"), card("alice", "7315").id, "temporary", "test")
    ran = run(
        ActionCardDeclined(),
        make_tracker("alice", "why was my card declined", intent="card_declined"),
        domain,
    )
    assert "credit card ending 7315 is temporarily blocked" in ran.text
    assert "debit card ending 4821 is active" in ran.text


def test_card_not_received_and_pin_answers(bank_url, domain):
    assert "ending 9902" in run(ActionCardNotReceived(), make_tracker("bob"), domain).text
    assert "can't see any card" in run(ActionCardNotReceived(), make_tracker("alice"), domain).text
    assert "密码" in run(ActionCardPin(), make_tracker("wei", language="zh"), domain).text
