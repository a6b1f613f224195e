"""The complaint form: a category and what happened; a ticket in the bank with this
conversation's id; its reference for the customer; a person at once when it is serious."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import form_runs
from actions.asking import Ask
from actions.bank import unit_of_work
from actions.forms_base import BankFormValidation, FormSubmit
from actions.handoff import COMPLAINT_HIGH, hand_off
from actions.language import language_of
from actions.messages import text
from actions.parsing.choices import complaint_category
from actions.presenting import entity_button, yes_no_buttons
from banking_backend.domain.errors import BankError
from banking_backend.services import tickets
from kernel.identity import VerifiedIdentity

CATEGORIES = ("card", "transfer", "fees", "account", "service", "fraud", "other")
# Words that make a complaint urgent whatever its category: money gone, someone else in.
URGENT = re.compile(
    r"fraud|stolen|unauthori[sz]ed|hack|scam|urgent|emergency|didn'?t make|not me|"
    r"盗刷|盜刷|被盗|被盜|诈骗|詐騙|紧急|緊急|不是我|被骗|被騙",
    re.IGNORECASE,
)
MIN_DESCRIPTION = 4


def severity(category: str, description: str) -> str:
    """high: fraud or money gone (a person takes over now); low: 'other'; else medium."""
    if category == "fraud" or URGENT.search(description):
        return "high"
    if category == "other":
        return "low"
    return "medium"


def category_buttons(language: str) -> list[dict[str, str]]:
    return [
        entity_button(text(f"category_{c}", language), "inform", complaint_category=c) for c in CATEGORIES
    ]


class ValidateComplaintForm(BankFormValidation):
    confirmation_slot = "complaint_confirmed"
    free_text_slots = ("complaint_description",)

    def name(self) -> str:
        return "validate_complaint_form"

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        category = complaint_category(value)
        earlier = form_runs.value_before_message(tracker, "complaint_category")
        if category is None and earlier and tracker.get_slot("requested_slot") != "complaint_category":
            # A word of another step's answer the NLU tagged as a category ("网点" in a description
            # of the branch's staff) and that names none: not a correction, the category stays.
            return {"complaint_category": earlier}
        if category is None:
            language = language_of(tracker)
            dispatcher.utter_message(text=text("not_a_category", language))
            return {"complaint_category": None}
        return {"complaint_category": category, **self.correction(tracker)}

    def validate_complaint_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        description = " ".join(str(value or "").split())
        if len(description) < MIN_DESCRIPTION:
            dispatcher.utter_message(text=text("description_too_short", language_of(tracker)))
            return {"complaint_description": None}
        return {"complaint_description": description, **self.correction(tracker)}

    validate_complaint_confirmed = BankFormValidation.confirmation_answer


class ActionAskComplaintCategory(Ask):
    action_name, key = "action_ask_complaint_category", "ask_complaint_category"

    def buttons(self, tracker: Tracker, language: str) -> list[dict[str, str]]:
        return category_buttons(language)


class ActionAskComplaintConfirmed(Action):
    def name(self) -> str:
        return "action_ask_complaint_confirmed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        category = tracker.get_slot("complaint_category") or "other"
        dispatcher.utter_message(
            text=text(
                "complaint_summary",
                language,
                category=text(f"category_{category}", language).lower()
                if language == "en"
                else text(f"category_{category}", language),
                description=tracker.get_slot("complaint_description") or "",
            ),
            buttons=yes_no_buttons(language),
        )
        return []


class ActionSubmitComplaint(FormSubmit):
    form, confirmation_slot = "complaint_form", "complaint_confirmed"
    cancelled_message = "complaint_not_recorded"

    def name(self) -> str:
        return "action_submit_complaint"

    def submit(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        description = tracker.get_slot("complaint_description")
        if not description:
            return []
        category = tracker.get_slot("complaint_category") or "other"
        level = severity(category, description)
        try:
            ticket = tickets.open_ticket(
                unit_of_work(),
                customer.customer_id,
                category=category,
                severity=level,
                subject=description[:80],
                description=description,
                channel=customer.channel,
                conversation_id=tracker.sender_id,
            )
        except BankError:
            dispatcher.utter_message(text=text("bank_unavailable", language))
            return []
        due = ticket.sla_due_at.strftime("%Y-%m-%d %H:%M UTC")
        dispatcher.utter_message(
            text=text("complaint_recorded", language, reference=ticket.reference, due=due)
        )
        if level == "high":
            return hand_off(dispatcher, language, COMPLAINT_HIGH)
        return []
