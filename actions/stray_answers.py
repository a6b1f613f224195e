"""An answer when no form asks for one: "yes", or a choice (a card, an account, a category).

A button of a request that is over (its payload carries a form run that is not the current one,
actions/form_runs.py) is said to be stale and does nothing. Otherwise a "yes" is asked what else
we can do, and a choice out of context is answered with what the bot can do."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import form_runs
from actions.language import language_of
from actions.messages import text

# What a stray answer gets, by intent, when it is not a stale button: responses in domain.yml.
RESPONSES = {"affirm": "utter_anything_else", "inform": "utter_help"}


class ActionStrayAnswer(Action):
    def name(self) -> str:
        return "action_stray_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if form_runs.is_stale(tracker):
            dispatcher.utter_message(text=text("stale_button_closed", language_of(tracker)))
            return []
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        dispatcher.utter_message(response=RESPONSES.get(intent, "utter_anything_else"))
        return []
