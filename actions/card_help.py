"""Card questions that need no form: a card not received, a declined card, the PIN."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.cards import own_cards
from actions.customer import CustomerAction
from actions.messages import text
from actions.money_format import format_money
from actions.presenting import card_label, status_word
from actions.resolving import matching_cards
from banking_backend.domain.views import CardView
from banking_backend.services import accounts
from kernel.identity import VerifiedIdentity

UNUSABLE = ("blocked", "lost", "stolen", "replaced")


def _asked_about(cards: list[CardView], tracker: Tracker) -> list[CardView]:
    """The cards the message names (by entity or words), else all usable-looking ones."""
    entity = next(tracker.get_latest_entity_values("card"), None)
    named = matching_cards(cards, entity or tracker.latest_message.get("text"))
    return named or [c for c in cards if c.status != "replaced"]


class ActionCardNotReceived(CustomerAction):
    def name(self) -> str:
        return "action_card_not_received"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        waiting = own_cards(customer.customer_id, ("inactive",))
        if not waiting:
            dispatcher.utter_message(text=text("not_received_none", language))
            return
        for card in waiting:
            dispatcher.utter_message(
                text=text("not_received_ordered", language, card=card_label(card, language))
            )


class ActionCardDeclined(CustomerAction):
    def name(self) -> str:
        return "action_card_declined"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        cards = _asked_about(own_cards(customer.customer_id), tracker)
        available = {a.id: a.available for a in accounts.list_accounts(unit_of_work(), customer.customer_id)}
        lines = [text("declined_header", language)]
        for card in cards:
            label = card_label(card, language)
            limit = format_money(card.daily_limit, card.currency, language)
            funds = available.get(card.account_id)
            if card.status in UNUSABLE:
                status = status_word(card.block_reason or card.status, language)
                lines.append(text("declined_blocked", language, card=label, status=status))
            elif card.status == "inactive":
                lines.append(text("declined_inactive", language, card=label))
            elif funds is not None and funds <= 0:
                money = format_money(funds, card.currency, language)
                lines.append(text("declined_funds", language, card=label, available=money))
            else:
                money = format_money(funds, card.currency, language) if funds is not None else "-"
                lines.append(text("declined_ok", language, card=label, limit=limit, available=money))
                if card.daily_limit <= 0:
                    lines.append(text("declined_limit", language, card=label, limit=limit))
        lines.append(text("declined_footer", language))
        dispatcher.utter_message(text="\n".join(lines))


class ActionCardPin(CustomerAction):
    def name(self) -> str:
        return "action_card_pin"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        message = text("pin_help", language)
        for card in _asked_about(own_cards(customer.customer_id), tracker):
            if card.status in UNUSABLE:
                status = status_word(card.block_reason or card.status, language)
                message += text("pin_card_blocked", language, card=card_label(card, language), status=status)
        dispatcher.utter_message(text=message)
