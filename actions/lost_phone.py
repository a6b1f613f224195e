"""A lost or stolen phone: after a yes, the customer is signed out of every web, app and chat
session and their Telegram unlinked (banking_backend.services.security); then blocking their
cards and a person are offered. Nothing is signed out without the yes."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.customer import CustomerAction
from actions.messages import text
from actions.presenting import entity_button, yes_no_buttons
from actions.profile import first_name, profile_of
from banking_backend.domain.errors import BankError
from banking_backend.services import security
from kernel.identity import VerifiedIdentity


class ActionLostPhone(CustomerAction):
    """Says what signing out everywhere does and asks for the yes (data/rules/profile.yml)."""

    def name(self) -> str:
        return "action_lost_phone"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        dispatcher.utter_message(text=text("lost_phone_offer", language), buttons=yes_no_buttons(language))
        return []


class ActionLostPhoneDeclined(CustomerAction):
    def name(self) -> str:
        return "action_lost_phone_declined"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        dispatcher.utter_message(text=text("lost_phone_declined", language))
        return []


def next_step_buttons(language: str) -> list[dict[str, str]]:
    return [
        entity_button(text("button_block_cards", language), "block_card"),
        entity_button(text("button_person", language), "request_human"),
        entity_button(text("button_no_thanks", language), "deny"),
    ]


class ActionSignOutEverywhere(CustomerAction):
    def name(self) -> str:
        return "action_sign_out_everywhere"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        try:
            done = security.sign_out_everywhere(unit_of_work(), customer.customer_id, customer.channel)
        except BankError:
            dispatcher.utter_message(text=text("bank_unavailable", language))
            return []
        telegram = text("signed_out_telegram", language) if done.telegram_unlinked else ""
        name = first_name(profile_of(customer.customer_id))
        dispatcher.utter_message(text=text("signed_out_everywhere", language, name=name, telegram=telegram))
        dispatcher.utter_message(text=text("lost_phone_next", language), buttons=next_step_buttons(language))
        return []
