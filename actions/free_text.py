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
from kernel.knowledge import ANSWER_CONFIDENCE

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
# How sure the NLU must be that a message is another request before a description is refused:
# the blend's confidence or DIET's own (bot/components/intent_blender.py keeps it), whichever is
# higher. Chosen on bench/free_text_probe.yml (our own complaint stories and requests, never
# trained on). With DIET alone every request scored >= 0.986 and 1 of 26 stories was above 0.98.
# On the model of 2026-11-30 6 of 26 stories are above it and 2 requests below (an open
# regression: the blend's confidence is softer, DIET's own moved with its data). A refused story
# costs the complaint; a request taken as a story is only shown back in the summary.
CONFIDENT = 0.98
# Small talk and questions about the assistant ("what can you do?", "are you a bot?"): no story of
# the probe is read as one of them at any confidence.
CHAT = SMALL_TALK | {"ask_help", "bot_challenge"}
CHAT_CONFIDENT = 0.9
# A question for the knowledge base: the router (bot/components/knowledge_router.py) at 0.95 or
# more, and an article to answer with. The probe's stories read as knowledge questions reach 0.89.
KNOWLEDGE_CONFIDENT = 0.95


def _sure(message: dict[str, Any], name: str) -> float:
    intent = message.get("intent") or {}
    diet = message.get("diet_ranking") or []
    own = next((r.get("confidence") for r in diet if r.get("name") == name), 0)
    return max(float(intent.get("confidence") or 0), float(own or 0))


def is_other_request(message: dict[str, Any]) -> bool:
    """The NLU is sure this message is another request than the step's answer."""
    name = (message.get("intent") or {}).get("name")
    if name not in OTHER_REQUESTS:
        return False
    return _sure(message, name) >= (CHAT_CONFIDENT if name in CHAT else CONFIDENT)


def is_knowledge_question(message: dict[str, Any]) -> bool:
    """The NLU is sure this message is a question the knowledge base answers."""
    found = message.get("knowledge") or {}
    return (
        (message.get("intent") or {}).get("name") == "unsupported_banking"
        and float(found.get("question") or 0) >= KNOWLEDGE_CONFIDENT
        and float(found.get("confidence") or 0) >= ANSWER_CONFIDENCE
    )


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
