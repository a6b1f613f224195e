"""Card forms: block (lost / stolen / compromised / temporary), unblock with a one-time code,
activate a new card with its last four digits."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.customer import acting_customer
from actions.forms_base import (
    OUTCOME,
    STOPPED_AUTH_FAILED,
    STOPPED_CANCELLED,
    STOPPED_NOTHING_TO_DO,
    BankFormValidation,
    reset_events,
)
from actions.handoff import AUTH_FAILED, hand_off
from actions.language import language_of
from actions.messages import text
from actions.parsing.choices import (
    BLOCK_REASON_WORDS,
    block_reason,
    last_digits,
    one_time_code,
    stated_block_reason,
)
from actions.presenting import card_buttons, card_label, status_word, yes_no_buttons
from actions.resolving import matching_cards
from actions.step_up import PURPOSE_CARD_UNBLOCK, check_code, send_code
from banking_backend.domain.errors import BankError
from banking_backend.domain.views import CardView
from banking_backend.identity import VerifiedIdentity
from banking_backend.services import cards

BLOCKABLE = ("active", "inactive", "blocked")
FINAL_REASONS = ("lost", "stolen")
REPLACE_REASONS = ("lost", "stolen", "compromised")


def own_cards(customer_id: int) -> list[CardView]:
    return cards.list_cards(unit_of_work(), customer_id)


def card_by_last4(customer_id: int, last4: str | None) -> CardView | None:
    found = [c for c in own_cards(customer_id) if c.last4 == last4]
    return found[0] if len(found) == 1 else None


def choose_card(
    dispatcher: CollectingDispatcher,
    value: Any,
    candidates: list[CardView],
    language: str,
) -> str | None:
    """The last four digits of the one card `value` means, or None. Several match: asks which of
    them. None matches: says so; the form then asks its question again, with every card."""
    found = matching_cards(candidates, value)
    if len(found) == 1:
        return found[0].last4
    if found:
        dispatcher.utter_message(text=text("card_ambiguous", language), buttons=card_buttons(found, language))
    else:
        dispatcher.utter_message(text=text("card_not_recognised", language))
    return None


def reason_buttons(language: str) -> list[dict[str, str]]:
    # Plain-text payloads in the customer's language: they go through the NLU like typing.
    return [
        {"title": text(f"reason_{r}", language), "payload": text(f"reason_{r}", language)}
        for r in BLOCK_REASON_WORDS
    ]


class ValidateBlockCardForm(BankFormValidation):
    confirmation_slot = "block_confirmed"

    def name(self) -> str:
        return "validate_block_card_form"

    async def prepare(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        customer: VerifiedIdentity,
        language: str,
    ) -> dict[str, Any] | None:
        if not tracker.get_slot("block_card"):
            usable = [c for c in own_cards(customer.customer_id) if c.status in BLOCKABLE]
            if not usable:
                dispatcher.utter_message(text=text("no_cards", language))
                return {OUTCOME: STOPPED_NOTHING_TO_DO}
        return self.reason_given(tracker)

    @staticmethod
    def reason_given(tracker: Tracker) -> dict[str, Any] | None:
        """ "I lost my card": the reason is not asked for again."""
        if tracker.get_slot("block_reason"):
            return None
        reason = stated_block_reason(tracker.latest_message.get("text"))
        return {"block_reason": reason} if reason else None

    def validate_block_card(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.customer_of(tracker)
        usable = [c for c in own_cards(customer.customer_id) if c.status in BLOCKABLE]
        if stated_block_reason(value) and not matching_cards(usable, value):
            # "I lost it": the next answer, given early (`prepare` took the reason).
            return {"block_card": None, **(self.reason_given(tracker) or {})}
        chosen = choose_card(dispatcher, value, usable, language_of(tracker))
        if chosen is None:
            return {"block_card": None}
        return {"block_card": chosen, **self.correction(tracker)}

    def validate_block_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        reason = block_reason(value)
        if reason is None:
            language = language_of(tracker)
            dispatcher.utter_message(text=text("not_a_reason", language))
            return {"block_reason": None}
        return {"block_reason": reason, **self.correction(tracker)}

    def validate_block_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not value:
            return {"block_confirmed": False, OUTCOME: STOPPED_CANCELLED}
        return {"block_confirmed": True}


class ActionAskBlockCard(Action):
    def name(self) -> str:
        return "action_ask_block_card"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        usable = [c for c in own_cards(customer.customer_id) if c.status in BLOCKABLE] if customer else []
        dispatcher.utter_message(
            text=text("ask_which_card", language), buttons=card_buttons(usable, language)
        )
        return []


class ActionAskBlockReason(Action):
    def name(self) -> str:
        return "action_ask_block_reason"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        dispatcher.utter_message(text=text("ask_block_reason", language), buttons=reason_buttons(language))
        return []


class ActionAskBlockConfirmed(Action):
    def name(self) -> str:
        return "action_ask_block_confirmed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        card = card_by_last4(customer.customer_id, tracker.get_slot("block_card")) if customer else None
        if card is None:
            dispatcher.utter_message(text=text("ask_which_card", language))
            return []
        reason = tracker.get_slot("block_reason")
        summary = text(
            "block_summary",
            language,
            card=card_label(card, language),
            reason=text(f"reason_{reason}", language),
        )
        if reason in FINAL_REASONS:
            summary += text("block_summary_final", language, reason_word=reason)
        dispatcher.utter_message(text=summary, buttons=yes_no_buttons(language))
        return []


class ActionBlockCardSubmit(Action):
    def name(self) -> str:
        return "action_block_card_submit"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        done = reset_events("block_card_form")
        outcome = tracker.get_slot(OUTCOME)
        if outcome == STOPPED_CANCELLED:
            dispatcher.utter_message(text=text("form_cancelled", language))
            return done
        customer = acting_customer(tracker)
        card = card_by_last4(customer.customer_id, tracker.get_slot("block_card")) if customer else None
        if outcome or customer is None or card is None or not tracker.get_slot("block_confirmed"):
            return done
        reason = tracker.get_slot("block_reason")
        try:
            blocked = cards.block_card(
                unit_of_work(), customer.customer_id, card.id, reason, customer.channel
            )
            message = text("block_done", language, card=card_label(blocked, language))
            if reason in REPLACE_REASONS and not blocked.replacement_ordered:
                new = cards.order_replacement(unit_of_work(), customer.customer_id, card.id, customer.channel)
                message += text("block_done_replacement", language, last4=new.last4)
            elif reason == "temporary":
                message += text("block_done_temporary", language)
        except BankError as refused:
            message = explain(refused, language).text
        dispatcher.utter_message(text=message)
        return done


class ValidateUnblockCardForm(BankFormValidation):
    def name(self) -> str:
        return "validate_unblock_card_form"

    async def prepare(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        customer: VerifiedIdentity,
        language: str,
    ) -> dict[str, Any] | None:
        if tracker.get_slot("unblock_card"):
            return None
        owned = own_cards(customer.customer_id)
        blocked = [c for c in owned if c.status == "blocked" and c.block_reason == "temporary"]
        named = matching_cards(owned, tracker.latest_message.get("text"))
        if len(named) == 1 and named[0] not in blocked:
            dispatcher.utter_message(
                text=text(
                    "unblock_not_possible",
                    language,
                    card=card_label(named[0], language),
                    status=status_word(named[0].block_reason or named[0].status, language),
                )
            )
            return {OUTCOME: STOPPED_NOTHING_TO_DO}
        if not blocked:
            dispatcher.utter_message(text=text("unblock_none", language))
            return {OUTCOME: STOPPED_NOTHING_TO_DO}
        if len(blocked) == 1:
            return {"unblock_card": blocked[0].last4}
        return None

    def validate_unblock_card(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.customer_of(tracker)
        language = language_of(tracker)
        blocked = [
            c
            for c in own_cards(customer.customer_id)
            if c.status == "blocked" and c.block_reason == "temporary"
        ]
        chosen = choose_card(dispatcher, value, blocked, language)
        if chosen is None:
            return {"unblock_card": None}
        stop = send_code(dispatcher, customer.customer_id, PURPOSE_CARD_UNBLOCK, customer.channel, language)
        return {"unblock_card": chosen, **stop}

    def validate_unblock_otp(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.customer_of(tracker)
        language = language_of(tracker)
        result = check_code(
            dispatcher,
            customer.customer_id,
            PURPOSE_CARD_UNBLOCK,
            one_time_code(value),
            customer.channel,
            language,
        )
        if result.token:
            return {"unblock_otp": "verified"}
        if result.locked:
            events = hand_off(dispatcher, language, AUTH_FAILED)
            return {
                "unblock_otp": None,
                OUTCOME: STOPPED_AUTH_FAILED,
                **{e["name"]: e["value"] for e in events},
            }
        return {"unblock_otp": None, **result.stop}


class ActionUnblockCardSubmit(Action):
    def name(self) -> str:
        return "action_unblock_card_submit"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        done = reset_events("unblock_card_form")
        customer = acting_customer(tracker)
        if tracker.get_slot(OUTCOME) or customer is None:
            return done
        if tracker.get_slot("unblock_otp") != "verified":
            return done
        card = card_by_last4(customer.customer_id, tracker.get_slot("unblock_card"))
        if card is None:
            dispatcher.utter_message(text=text("err_card_not_found", language))
            return done
        try:
            unblocked = cards.unblock_card(unit_of_work(), customer.customer_id, card.id, customer.channel)
            message = text("unblock_done", language, card=card_label(unblocked, language))
        except BankError as refused:
            message = explain(refused, language).text
        dispatcher.utter_message(text=message)
        return done


class ValidateActivateCardForm(BankFormValidation):
    def name(self) -> str:
        return "validate_activate_card_form"

    async def prepare(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        customer: VerifiedIdentity,
        language: str,
    ) -> dict[str, Any] | None:
        if not [c for c in own_cards(customer.customer_id) if c.status == "inactive"]:
            dispatcher.utter_message(text=text("activate_none", language))
            return {OUTCOME: STOPPED_NOTHING_TO_DO}
        return None

    def validate_activate_last4(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        digits = last_digits(value)
        if digits is None:
            dispatcher.utter_message(text=text("activate_not_digits", language_of(tracker)))
            return {"activate_last4": None}
        return {"activate_last4": digits}


class ActionActivateCardSubmit(Action):
    def name(self) -> str:
        return "action_activate_card_submit"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        done = reset_events("activate_card_form")
        customer = acting_customer(tracker)
        last4 = tracker.get_slot("activate_last4")
        if tracker.get_slot(OUTCOME) or customer is None or not last4:
            return done
        inactive = [c for c in own_cards(customer.customer_id) if c.status == "inactive"]
        if not inactive:
            dispatcher.utter_message(text=text("activate_none", language))
            return done
        # The digits prove the customer holds the card: try the card they match, else the
        # newest inactive one, so a wrong guess is recorded by the bank as a failed attempt.
        target = next((c for c in inactive if c.last4 == last4), inactive[-1])
        try:
            active = cards.activate_card(
                unit_of_work(), customer.customer_id, target.id, last4, customer.channel
            )
            message = text("activate_done", language, card=card_label(active, language))
        except BankError as refused:
            message = explain(refused, language).text
        dispatcher.utter_message(text=message)
        return done
