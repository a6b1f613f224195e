"""Passing a conversation to a human colleague: the words, the payload the gateway acts on,
and the `handoff_reason` slot."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import form_runs
from actions.forms_base import FORM_SLOTS, reset_events
from actions.language import language_of
from actions.messages import text

REQUESTED = "requested"
MISUNDERSTOOD = "misunderstood"
COMPLAINT_HIGH = "complaint_high"
AUTH_FAILED = "auth_failed"
FRAUD = "fraud"  # money the customer did not authorise: the queue's top priority
REASONS = (REQUESTED, MISUNDERSTOOD, COMPLAINT_HIGH, AUTH_FAILED, FRAUD)
FRAUD_FORM = "fraud_form"


def hand_off(dispatcher: CollectingDispatcher, language: str, reason: str) -> list[EventType]:
    """Tell the customer, and give the gateway `{"handoff": {"reason": ...}}` to queue it."""
    if reason not in REASONS:
        raise ValueError(f"unknown handoff reason {reason!r}")
    dispatcher.utter_message(text=text("handoff", language))
    dispatcher.utter_message(json_message={"handoff": {"reason": reason}})
    return [SlotSet("handoff_reason", reason)]


def reason_for(tracker: Tracker) -> str:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent == "nlu_fallback":
        return MISUNDERSTOOD
    if tracker.active_loop.get("name") == FRAUD_FORM:
        return FRAUD  # a person asked for in the middle of a fraud report
    if intent == "request_human":
        return REQUESTED
    slot = tracker.get_slot("handoff_reason")
    return slot if slot in REASONS else REQUESTED


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events = hand_off(dispatcher, language_of(tracker), reason_for(tracker))
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None), *reset_events()]
        from actions.request_queue import for_colleague  # it imports this module

        return events + for_colleague(dispatcher, tracker)


class ActionCancelForm(Action):
    """The customer said no / stop in the middle of a form: end it, change nothing."""

    def name(self) -> str:
        return "action_cancel_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        if not tracker.active_loop.get("name"):
            # A "No" button of a request that is over: nothing to stop, and the customer is told why.
            said = "stale_button_closed" if form_runs.is_stale(tracker) else "nothing_to_cancel"
            dispatcher.utter_message(text=text(said, language))
            return []
        dispatcher.utter_message(text=text("form_cancelled", language))
        # Only this form's slots: what this message gave a task it switches to ("send 500 to Lina"
        # in a complaint) is kept, and a form that starts clears anything older (form_runs).
        form = tracker.active_loop.get("name")
        if form == "profile_form":
            from actions.profile import stop_in_the_bank  # it imports this module

            stop_in_the_bank(tracker)
        events = [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            *reset_events(form if form in FORM_SLOTS else None),
        ]
        from actions.request_queue import another_task_next, serve_waiting, still_waiting

        if another_task_next(tracker):  # a rule starts it next; requests waiting still wait
            still_waiting(dispatcher, tracker)
            return events
        return events + serve_waiting(dispatcher, tracker)
