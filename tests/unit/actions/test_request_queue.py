"""Several requests in one message, on the actions' side (actions/request_queue.py): the others
than the first are queued and announced, and served — answers at once, a form started with its own
questions and yes — as soon as the one before is over; never dropped without a word."""

from __future__ import annotations

from pathlib import Path

import yaml

from actions.balance import ActionCheckBalance
from actions.handoff import ActionCancelForm, ActionHandoff
from actions.request_queue import FORMS, HANDOFF, QUEUE, ActionNoteRequests, _answers
from bot.components.request_split import PARSE_KEY, REQUEST_INTENTS
from tests.unit.actions.conftest import make_tracker, run

ROOT = Path(__file__).resolve().parents[3]


def several(tracker, *intents: str):
    tracker.latest_message[PARSE_KEY] = [{"intent": i, "confidence": 0.99} for i in intents]
    return tracker


def followups(ran) -> list[str]:
    return [e["name"] for e in ran.events if e.get("event") == "followup"]


def test_every_request_is_served_the_way_the_rules_serve_it_when_asked_alone():
    first_action = {}
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            steps = rule["steps"]
            if "condition" not in rule and "intent" in steps[0] and "action" in steps[1]:
                first_action[steps[0]["intent"]] = steps[1]["action"]
    served = {**FORMS, **{i: a().name() for i, a in _answers().items()}, HANDOFF: "action_handoff"}
    assert set(served) == set(REQUEST_INTENTS)
    assert {i: first_action.get(i) for i in served} == served


def test_the_requests_after_the_first_are_queued_and_announced(bank_url, domain):
    tracker = several(
        make_tracker("alice", "block my card and what's my balance", "block_card"),
        "block_card",
        "check_balance",
    )
    ran = run(ActionNoteRequests(), tracker, domain)
    assert ran.slots == {QUEUE: ["check_balance"]}
    assert ran.text == "I'll deal with blocking your card first, and then your balance right after."
    zh = several(
        make_tracker("wei", "冻结卡，查余额", "block_card", language="zh"), "block_card", "check_balance"
    )
    assert "我先为您办理冻结银行卡，随后马上为您查询余额" in run(ActionNoteRequests(), zh, domain).text


def test_a_message_is_queued_once_though_rasa_runs_the_hook_again_when_a_form_starts(bank_url, domain):
    # "bill, then repay": the bill was shown, the repayment form started (queue emptied) and Rasa
    # runs the slot mappings again for the form on the same message: the repayment is not queued again.
    history = [{"event": "slot", "name": QUEUE, "value": None}]
    tracker = several(
        make_tracker("wei", "帐单，然后还款", "credit_card_bill", language="zh"),
        "credit_card_bill",
        "pay_credit_card",
    )
    tracker.events.extend(history)
    assert run(ActionNoteRequests(), tracker, domain).events == []


def test_a_message_with_one_request_queues_nothing(bank_url, domain):
    tracker = several(make_tracker("alice", "what's my balance", "check_balance"), "check_balance")
    assert run(ActionNoteRequests(), tracker, domain).events == []
    assert run(ActionNoteRequests(), make_tracker("alice", "hi", "greet"), domain).events == []


def test_a_cancelled_form_is_followed_by_the_waiting_answers(bank_url, domain):
    tracker = make_tracker(
        "alice",
        "cancel",
        "deny",
        active_loop="block_card_form",
        slots={QUEUE: ["check_balance", "credit_card_bill"]},
    )
    ran = run(ActionCancelForm(), tracker, domain)
    text = ran.text
    assert text.index("cancelled") < text.index("Here are your balances:") < text.index("minimum payment")
    assert ran.slots[QUEUE] is None and followups(ran) == []


def test_a_waiting_form_is_started_next_and_not_done_here(bank_url, domain):
    tracker = make_tracker(
        "alice", "what's my balance", "check_balance", slots={QUEUE: ["transfer_money", "card_pin"]}
    )
    ran = run(ActionCheckBalance(), tracker, domain)
    assert "Here are your balances:" in ran.text and "Now for your transfer" in ran.text
    assert followups(ran) == ["transfer_form"] and ran.slots[QUEUE] == ["card_pin"]


def test_an_answer_on_the_side_of_a_form_leaves_the_queue_for_later(bank_url, domain):
    tracker = make_tracker(
        "alice",
        "balance?",
        "check_balance",
        active_loop="block_card_form",
        slots={QUEUE: ["credit_card_bill"]},
    )
    ran = run(ActionCheckBalance(), tracker, domain)
    assert QUEUE not in ran.slots and "minimum payment" not in ran.text


def test_turning_to_another_task_keeps_the_queue_and_says_so(bank_url, domain):
    tracker = make_tracker(
        "wei",
        "我要转账",
        "transfer_money",
        active_loop="block_card_form",
        slots={QUEUE: ["check_balance"]},
        language="zh",
    )
    ran = run(ActionCancelForm(), tracker, domain)
    assert "您之前提到的查询余额我没有忘记" in ran.text
    assert QUEUE not in ran.slots and followups(ran) == []


def test_a_person_taking_over_is_said_to_help_with_the_waiting_requests(bank_url, domain):
    tracker = make_tracker("alice", "a person please", "request_human", slots={QUEUE: ["check_balance"]})
    ran = run(ActionHandoff(), tracker, domain)
    assert "my colleague can help you with that too" in ran.text and "Here are your balances" not in ran.text
    assert ran.slots[QUEUE] is None
