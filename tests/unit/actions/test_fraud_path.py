"""The fraud path's actions against the demo bank: the payments offered, the block on yes, the
high-severity ticket with the payment, the top-priority handoff; a no and a stranger."""

from __future__ import annotations

from actions.bank import unit_of_work
from actions.fraud import (
    NONE,
    ActionAskFraudBlockConfirmed,
    ActionAskFraudTransaction,
    ActionFraudSubmit,
    ValidateFraudForm,
    chosen_transaction,
    payments_out,
)
from banking_backend.services import cards, tickets
from bot.components.request_split import Piece, requests_in
from tests.unit.actions.conftest import customer_id, make_tracker, run, run_form, summarised

REPORT = "someone took money from my card, i didn't authorize this!!"


def card_purchase(username: str):
    return next(t for t in payments_out(customer_id(username)) if t.kind == "card_purchase")


def handoff(ran) -> dict:
    return next(p["handoff"] for p in ran.payloads if "handoff" in p)


def test_the_latest_payments_out_are_offered_with_not_listed(bank_url, domain):
    ran = run(ActionAskFraudTransaction(), make_tracker("alice", REPORT, intent="report_fraud"), domain)
    offered = payments_out(customer_id("alice"))
    assert 5 <= len(offered) <= 8 and all(t.amount < 0 for t in offered)
    payloads = [b["payload"] for b in ran.buttons]
    assert payloads[:-1] == [f'/inform{{"disputed_transaction": "{t.id}"}}' for t in offered]
    assert payloads[-1] == '/inform{"disputed_transaction": "none"}'


def test_the_report_is_urgent_and_a_card_payment_puts_its_card_at_stake(bank_url, domain):
    purchase = card_purchase("alice")
    history = [{"event": "user", "text": REPORT, "parse_data": {"intent": {"name": "report_fraud"}}}]
    starting = make_tracker("alice", REPORT, intent="report_fraud", active_loop="fraud_form")
    # Rasa activates the form after the message, then validates: the run starts this turn.
    starting.events.append({"event": "active_loop", "name": "fraud_form", "timestamp": 1700000001.0})
    started = run(ValidateFraudForm(), starting, domain)
    assert "urgent" in started.text
    picked = run_form(
        ValidateFraudForm(),
        domain,
        "alice",
        candidates={"fraud_transaction": str(purchase.id)},
        history=history,
    )
    assert picked.slots["fraud_transaction"] == str(purchase.id)
    active = [c for c in cards.list_cards(unit_of_work(), customer_id("alice")) if c.status == "active"]
    on_account = [c for c in active if c.account_id == purchase.account_id] or active
    expected = on_account[0].last4 if len(on_account) == 1 else None
    assert picked.slots["fraud_card"] == expected


def test_typed_answers_pick_by_amount_or_say_not_listed(bank_url):
    offered = payments_out(customer_id("alice"))
    unique = next(t for t in offered if sum(1 for o in offered if o.amount == t.amount) == 1)
    assert chosen_transaction(f"the {-unique.amount} one", offered) == str(unique.id)
    assert chosen_transaction("none of these", offered) == NONE
    assert chosen_transaction("都不是", offered) == NONE
    assert chosen_transaction("hmm", offered) is None


def test_yes_blocks_the_card_opens_a_high_fraud_ticket_and_hands_off_at_top_priority(bank_url, domain):
    purchase = card_purchase("alice")
    card = next(c for c in cards.list_cards(unit_of_work(), customer_id("alice")) if c.status == "active")
    slots = {"fraud_transaction": str(purchase.id), "fraud_card": card.last4, "fraud_block_confirmed": True}
    shown = run(ActionAskFraudBlockConfirmed(), make_tracker("alice", slots=slots), domain)
    assert card.last4 in shown.text
    slots = summarised(ActionAskFraudBlockConfirmed(), "alice", slots)
    done = run(ActionFraudSubmit(), make_tracker("alice", "yes", intent="affirm", slots=slots), domain)
    blocked = cards.get_card(unit_of_work(), customer_id("alice"), card.id)
    assert (blocked.status, blocked.block_reason) == ("blocked", "compromised")
    ticket = tickets.list_tickets(unit_of_work(), customer_id("alice"))[-1]
    assert (ticket.category, ticket.severity, ticket.disputed_transaction_id) == (
        "fraud",
        "high",
        purchase.id,
    )
    assert ticket.reference in done.text and "blocked" in done.text
    assert handoff(done) == {"reason": "fraud"}
    assert done.slots["handoff_reason"] == "fraud"


def test_no_to_the_block_leaves_the_card_and_still_opens_the_case_in_chinese(bank_url, domain):
    wei = customer_id("wei")
    card = next(c for c in cards.list_cards(unit_of_work(), wei) if c.status == "active")
    slots = {"fraud_transaction": NONE, "fraud_card": card.last4, "fraud_block_confirmed": False}
    slots = summarised(ActionAskFraudBlockConfirmed(), "wei", slots, language="zh")
    done = run(
        ActionFraudSubmit(), make_tracker("wei", "不要", intent="deny", slots=slots, language="zh"), domain
    )
    assert cards.get_card(unit_of_work(), wei, card.id).status == "active"
    ticket = tickets.list_tickets(unit_of_work(), wei)[-1]
    assert (ticket.category, ticket.severity, ticket.disputed_transaction_id) == ("fraud", "high", None)
    assert "没有冻结" in done.text and ticket.reference in done.text
    assert handoff(done) == {"reason": "fraud"}


def test_a_stranger_is_told_to_sign_in_or_call_and_handed_over_as_fraud(domain, bank_url):
    stopped = run(
        ValidateFraudForm(),
        make_tracker(None, REPORT, intent="report_fraud", active_loop="fraud_form"),
        domain,
    )
    assert stopped.slots["form_outcome"] == "signed_out" and stopped.text == ""
    done = run(ActionFraudSubmit(), make_tracker(None, REPORT, slots=stopped.slots), domain)
    assert "sign in" in done.text and "call" in done.text
    assert handoff(done) == {"reason": "fraud"}


def test_fraud_is_served_first_among_several_requests():
    pieces = [Piece("check_balance", 0.9), Piece("block_card", 0.9), Piece("report_fraud", 0.9)]
    assert [p.intent for p in requests_in(pieces, 0.5)] == ["report_fraud", "block_card", "check_balance"]


def test_a_person_asked_for_in_the_middle_of_the_report_is_a_fraud_handoff(bank_url, domain):
    from actions.handoff import ActionHandoff

    ran = run(
        ActionHandoff(),
        make_tracker("alice", "let me talk to someone", intent="request_human", active_loop="fraud_form"),
        domain,
    )
    assert handoff(ran) == {"reason": "fraud"}
    assert ran.slots["fraud_transaction"] is None  # the form's slots are cleared with it
