"""Several requests in one message: the NLU (bot/components/several_requests.py) makes the first
of them the message's intent, so the dialogue serves it as if it had been asked alone, and lists
them all in the parse data. The others wait in the slot `queued_requests` and are served one after
the other as soon as the one before is over: a form submitted, cancelled or failed, an answer
given. Nothing is ever dropped without a word: a customer who turns to another task is told the
waiting ones are still to come, one handed to a person is told the person can help with them.

A waiting form is started like any other (its questions, its summary, its final yes); a waiting
answer is given there and then.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.customer import acting_customer
from actions.handoff import REQUESTED, hand_off
from actions.language import SUPPORTED, language_of
from actions.messages import text
from bot.components.request_split import PARSE_KEY, REQUEST_INTENTS

QUEUE = "queued_requests"
HANDOFF = "request_human"
# The requests served by a form: started (by a FollowupAction) when their turn comes.
FORMS: dict[str, str] = {
    "transfer_money": "transfer_form",
    "block_card": "block_card_form",
    "unblock_card": "unblock_card_form",
    "activate_card": "activate_card_form",
    "card_limit": "card_limit_form",
    "pay_credit_card": "pay_credit_card_form",
    "report_complaint": "complaint_form",
    "report_fraud": "fraud_form",
}


def _answers() -> dict[str, Any]:
    """The requests answered at once, by the CustomerAction that answers them when asked alone
    (imported here: those modules import this one through actions.customer)."""
    from actions.balance import ActionCheckBalance
    from actions.card_help import ActionCardDeclined, ActionCardNotReceived, ActionCardPin
    from actions.credit_cards import ActionCreditCardBill
    from actions.history import ActionTransactionHistory

    return {
        "check_balance": ActionCheckBalance,
        "transaction_history": ActionTransactionHistory,
        "credit_card_bill": ActionCreditCardBill,
        "card_not_received": ActionCardNotReceived,
        "card_declined": ActionCardDeclined,
        "card_pin": ActionCardPin,
    }


def waiting(tracker: Tracker) -> list[str]:
    value = tracker.get_slot(QUEUE) or []
    return [intent for intent in value if intent in REQUEST_INTENTS]


def named(intents: Sequence[str], language: str) -> str:
    """The requests in words: "your balance and your recent transactions"."""
    words = [text(f"request_{intent}", language) for intent in intents]
    if len(words) <= 1:
        return "".join(words)
    return ("、" if language == "zh" else ", ").join(words[:-1]) + text("and", language) + words[-1]


def _message_language(tracker: Tracker) -> str:
    """The language of the latest message: the `language` slot is set from it only after the
    slot mappings, this action among them, have run."""
    said = next(tracker.get_latest_entity_values("language"), None)
    return said if said in SUPPORTED else language_of(tracker)


def _noted_already(tracker: Tracker) -> bool:
    """Whether the queue was set since the latest message: Rasa runs the slot mappings again when
    a form starts, and a message's requests are queued once (a request served since must not
    come back)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == QUEUE:
            return True
    return False


class ActionNoteRequests(Action):
    """Rasa's hook after the slot mappings of every message (`action_validate_slot_mappings`; the
    only one whose words reach the customer): when the message asked for several things, the
    others than the first are queued, ahead of any still waiting, and the customer is told they
    will come. Slot candidates of this turn it does not name are kept as they are."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        asked = [r.get("intent") for r in tracker.latest_message.get(PARSE_KEY) or []]
        asked = [intent for intent in dict.fromkeys(asked) if intent in REQUEST_INTENTS]
        if len(asked) < 2 or _noted_already(tracker):
            return []
        first, rest = asked[0], asked[1:]
        language = _message_language(tracker)
        if tracker.active_loop.get("name") and first not in FORMS:
            # An answer on the side of a running form: the rest once the form is over.
            dispatcher.utter_message(
                text=text("requests_noted_in_form", language, rest=named(rest, language))
            )
        else:
            dispatcher.utter_message(
                text=text(
                    "requests_noted", language, first=named([first], language), rest=named(rest, language)
                )
            )
        earlier = [intent for intent in waiting(tracker) if intent not in asked]
        return [SlotSet(QUEUE, rest + earlier)]


def serve_waiting(
    dispatcher: CollectingDispatcher, tracker: Tracker, handed_off: bool = False
) -> list[EventType]:
    """Once a request is over and no form runs: the waiting requests, in order. Answers are given
    here; the first waiting form is started next (it asks its own questions and its own yes) and
    the rest wait for it in turn. After a handoff the person is said to help with them instead."""
    queue = waiting(tracker)
    if not queue:
        return []
    language = language_of(tracker)
    customer = acting_customer(tracker)
    if handed_off or customer is None:
        if handed_off:
            dispatcher.utter_message(
                text=text("requests_for_colleague", language, rest=named(queue, language))
            )
        return [SlotSet(QUEUE, None)]
    answers = _answers()
    events: list[EventType] = []
    while queue:
        intent = queue.pop(0)
        dispatcher.utter_message(text=text("request_now", language, request=named([intent], language)))
        if intent in FORMS:
            return [*events, SlotSet(QUEUE, queue or None), FollowupAction(FORMS[intent])]
        if intent == HANDOFF:
            events += hand_off(dispatcher, language, REQUESTED)
            return [*events, *serve_waiting(dispatcher, _with_queue(tracker, queue), handed_off=True)]
        events += list(answers[intent]().answer(dispatcher, tracker, customer, language) or [])
    return [*events, SlotSet(QUEUE, None)]


def another_task_next(tracker: Tracker) -> bool:
    """Whether the latest message asked for a task (which a rule starts after a form is left)
    rather than only to stop."""
    return (tracker.latest_message.get("intent") or {}).get("name") in REQUEST_INTENTS


def still_waiting(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The customer turned to another task: the waiting requests stay, and they hear so (unless
    this very message queued them and they just heard)."""
    queue = waiting(tracker)
    if queue and not tracker.latest_message.get(PARSE_KEY):
        language = language_of(tracker)
        dispatcher.utter_message(text=text("requests_still_waiting", language, rest=named(queue, language)))


def for_colleague(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The conversation goes to a person: the waiting requests are theirs now, and the customer
    hears so."""
    return serve_waiting(dispatcher, tracker, handed_off=True)


def _with_queue(tracker: Tracker, queue: list[str]) -> Tracker:
    tracker.slots[QUEUE] = list(queue)
    return tracker
