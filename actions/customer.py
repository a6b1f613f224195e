"""Who is asking: the customer that the gateway signed into the message metadata, nothing typed;
and the base of the actions that answer only that customer."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of
from actions.messages import text
from kernel.identity import VerifiedIdentity, verify_identity


def latest_user_event(tracker: Tracker) -> dict:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event
    return {}


def latest_metadata(tracker: Tracker) -> dict:
    return latest_user_event(tracker).get("metadata") or {}


def acting_customer(tracker: Tracker) -> VerifiedIdentity | None:
    """The verified customer of the latest message, or None for an anonymous or forged one, or
    for a statement that the gateway made for another message (its text is in the signature)."""
    event = latest_user_event(tracker)
    identity = (event.get("metadata") or {}).get("identity")
    return verify_identity(identity, tracker.sender_id, event.get("text"))


class CustomerAction(Action, ABC):
    """Answers only for a verified customer; anyone else is asked to sign in. Abstract: the
    action server registers only its subclasses."""

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        if customer is None:
            dispatcher.utter_message(text=text("sign_in_needed", language))
            return []
        events = list(self.answer(dispatcher, tracker, customer, language) or [])
        if not tracker.active_loop.get("name"):
            # Asked with others in one message: those come next (imported here: it imports us).
            from actions.request_queue import serve_waiting

            events += serve_waiting(dispatcher, tracker)
        return events

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType] | None:
        """Answer `customer`, verified once for this run."""
