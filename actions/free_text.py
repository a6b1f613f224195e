"""Steps that take any words (a complaint's description): which messages are not the answer.

A button's payload never is. Nor is a message the NLU reads, with high confidence, as another
task or a question we serve ("what's my balance?", "我的余额多少", "block my card"): the form
does not take it, its rules answer it (and ask the step again) or start the other task
(data/rules/free_text_steps.yml). Judged by the NLU's intent and confidence, not by words: a
story that mentions a balance or a card, which the NLU reads with less confidence, is still the
customer's description.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType

from actions import form_runs

# What a free-text step hands to the dialogue's rules: questions answered on the side, then the
# step asked again; tasks started instead; a person; help. Each has a rule in every form with a
# free-text step (tests/unit/actions/test_form_runs.py checks it).
ANSWERED_ON_THE_SIDE = frozenset(
    {
        "check_balance",
        "transaction_history",
        "credit_card_bill",
        "card_pin",
        "ask_help",
        "bot_challenge",
        "view_profile",
    }
)
STARTED_INSTEAD = frozenset(
    {
        "transfer_money",
        "block_card",
        "unblock_card",
        "activate_card",
        "card_limit",
        "pay_credit_card",
        "request_human",
        "report_fraud",
        "lost_phone",
        "update_profile",
    }
)
# Small talk (the welcome chip "Hello" among it) is never a description either; it is answered
# the way every form answers it, and the step asked again.
SMALL_TALK = frozenset({"greet", "thank", "goodbye"})
OTHER_REQUESTS = ANSWERED_ON_THE_SIDE | STARTED_INSTEAD | SMALL_TALK
# How sure DIET must be that a message is another request before a description is refused.
# Chosen on bench/free_text_probe.yml (our own complaint stories and requests, never trained on)
# with DIET's own confidences: every request scored >= 0.986; at 0.9, 6 of 26 stories were
# refused, at 0.98 one. A refused story costs the complaint; a request taken as a story is only
# shown back in the summary. The blended confidence (bot/components/intent_blender.py) is softer
# and does not separate them: requests from 0.83, stories up to 0.99.
CONFIDENT = 0.98


def is_other_request(message: dict[str, Any]) -> bool:
    """The NLU reads this message as another request than the step's answer, and DIET is sure."""
    intent = message.get("intent") or {}
    name = intent.get("name")
    if name not in OTHER_REQUESTS:
        return False
    diet = message.get("diet_ranking")
    confidence = (
        next((r.get("confidence") for r in diet if r.get("name") == name), 0)
        if diet
        else intent.get("confidence")
    )
    return float(confidence or 0) >= CONFIDENT


def not_the_answer(tracker: Tracker) -> bool:
    """The latest message is not what a free-text step asked for."""
    message = tracker.latest_message or {}
    return form_runs.is_payload(message.get("text")) or is_other_request(message)


def step_aside(tracker: Tracker, form: str, slots: list[str]) -> list[EventType]:
    """The form takes nothing from the message. Another request: the form declines this turn
    (Rasa's ActionExecutionRejected) and the rules serve the request; a button: the step is
    asked again."""
    events = form_runs.undo_turn(tracker, slots)
    if form_runs.is_payload((tracker.latest_message or {}).get("text")):
        return events
    return [*events, ActionExecutionRejected(form)]
