"""The card-limit form: which card, the new daily limit (within the product's bounds), confirm."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.amount_answers import (
    amount_answer,
    keep_amount_when_answering_another_question,
    read_amount,
    value_before_this_message,
)
from actions.bank_errors import explain
from actions.cards import AskCard, CardSummary, card_by_last4, choose_card, chosen_card, own_cards
from actions.customer import acting_customer
from actions.forms_base import BankFormValidation, FormSubmit
from actions.language import language_of
from actions.messages import text
from actions.money_format import format_money
from actions.parsing.amounts import is_amount_alone
from actions.presenting import card_label
from banking_backend.domain.errors import CardLimitOutOfBounds
from banking_backend.domain.money import Money
from banking_backend.domain.products import card_limit_bounds
from banking_backend.domain.views import CardView
from kernel.identity import VerifiedIdentity

CHANGEABLE = ("active", "inactive", "blocked")


class ValidateCardLimitForm(BankFormValidation):
    confirmation_slot = "limit_confirmed"

    def name(self) -> str:
        return "validate_card_limit_form"

    def validate_limit_card(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        before = value_before_this_message(tracker, "limit_card")
        said = tracker.latest_message.get("text") or ""
        if before and tracker.get_slot("requested_slot") != "limit_card" and is_amount_alone(said):
            # A number alone at another step ("800" at the new limit) is that step's answer; the
            # NLU may read it as a card's digits too, and the card chosen before stays.
            return {"limit_card": before}
        customer = self.customer
        usable = own_cards(customer.customer_id, CHANGEABLE)
        chosen = choose_card(dispatcher, value, usable, language_of(tracker))
        if chosen is None:
            return {"limit_card": None}
        return {"limit_card": chosen, **self.correction(tracker)}

    extract_limit_amount = amount_answer("limit_amount")

    def validate_limit_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kept = keep_amount_when_answering_another_question("limit_amount", tracker)
        if kept is not None:
            return kept
        language = language_of(tracker)
        parsed = read_amount(value, dispatcher, language, "not_a_limit")
        if parsed is None:
            return {"limit_amount": None}
        customer = self.customer
        card = card_by_last4(customer.customer_id, tracker.get_slot("limit_card"))
        if card is not None:
            bounds = card_limit_bounds(card.kind, card.currency)
            if not bounds.minimum.amount <= parsed.amount <= bounds.maximum.amount:
                reply = explain(CardLimitOutOfBounds(bounds.minimum, bounds.maximum), language)
                dispatcher.utter_message(text=reply.text)
                return {"limit_amount": None}
        return {"limit_amount": str(parsed.amount), **self.correction(tracker)}

    validate_limit_confirmed = BankFormValidation.confirmation_answer


class ActionAskLimitCard(AskCard):
    action_name, statuses = "action_ask_limit_card", CHANGEABLE


class ActionAskLimitAmount(Action):
    def name(self) -> str:
        return "action_ask_limit_amount"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        card = chosen_card(tracker, acting_customer(tracker), "limit_card")
        if card is None:
            dispatcher.utter_message(text=text("not_a_limit", language))
            return []
        bounds = card_limit_bounds(card.kind, card.currency)
        dispatcher.utter_message(
            text=text(
                "ask_limit_amount",
                language,
                minimum=format_money(bounds.minimum.amount, card.currency, language),
                maximum=format_money(bounds.maximum.amount, card.currency, language),
            )
        )
        return []


class ActionAskLimitConfirmed(CardSummary):
    form, operation_kind, card_slot = "card_limit_form", "card_limit", "limit_card"

    def name(self) -> str:
        return "action_ask_limit_confirmed"

    def summary(self, tracker: Tracker, card: CardView, language: str) -> tuple[str, dict[str, Any]]:
        new = Decimal(tracker.get_slot("limit_amount") or "0")
        limit = Money.of(new, card.currency)
        words = text(
            "limit_summary",
            language,
            card=card_label(card, language),
            old=format_money(card.daily_limit, card.currency, language),
            new=format_money(new, card.currency, language),
        )
        return words, {"card_id": card.id, "limit_minor": limit.minor, "currency": card.currency}


class ActionCardLimitSubmit(FormSubmit):
    form, confirmation_slot, cancelled_message = "card_limit_form", "limit_confirmed", "form_cancelled"
    operation_kind = "card_limit"

    def name(self) -> str:
        return "action_card_limit_submit"

    def done(self, result: CardView, customer: VerifiedIdentity, language: str) -> str:
        return text(
            "limit_done",
            language,
            card=card_label(result, language),
            new=format_money(result.daily_limit, result.currency, language),
        )
