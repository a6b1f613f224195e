"""Card forms: block (lost / stolen / compromised / temporary), unblock with a one-time code,
activate a new card with its last four digits."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.asking import Ask
from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.customer import acting_customer
from actions.forms_base import (
    OUTCOME,
    STOPPED_NOTHING_TO_DO,
    BankFormValidation,
    FormSubmit,
    operation_slot,
    record_operation,
)
from actions.language import language_of
from actions.messages import text
from actions.parsing.choices import BLOCK_REASON_WORDS, block_reason, last_digits, stated_block_reason
from actions.presenting import card_buttons, card_label, status_word, yes_no_buttons
from actions.resolving import matching_cards
from actions.step_up import PURPOSE_CARD_UNBLOCK, code_slots, send_code
from banking_backend.domain.errors import BankError
from banking_backend.domain.views import CardView
from banking_backend.services import cards
from banking_backend.services.pending_operations import CardBlocked
from kernel.identity import VerifiedIdentity

BLOCKABLE = ("active", "inactive", "blocked")
UNBLOCK_FORM = "unblock_card_form"
FINAL_REASONS = ("lost", "stolen")
REPLACE_REASONS = ("lost", "stolen", "compromised")


def own_cards(customer_id: int, statuses: Sequence[str] | None = None) -> list[CardView]:
    """The customer's cards, or those of them in one of `statuses`."""
    owned = cards.list_cards(unit_of_work(), customer_id)
    return [c for c in owned if statuses is None or c.status in statuses]


def card_by_last4(customer_id: int, last4: str | None) -> CardView | None:
    found = [c for c in own_cards(customer_id) if c.last4 == last4]
    return found[0] if len(found) == 1 else None


def chosen_card(tracker: Tracker, customer: VerifiedIdentity | None, slot: str) -> CardView | None:
    """The card a form's slot holds, among the verified customer's (None for anyone else)."""
    return card_by_last4(customer.customer_id, tracker.get_slot(slot)) if customer else None


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


class AskCard(Ask):
    """Asks which card, with a button for each of the customer's cards the form can act on."""

    key = "ask_which_card"
    statuses: Sequence[str]

    def buttons(self, tracker: Tracker, language: str) -> list[dict[str, str]]:
        customer = acting_customer(tracker)
        usable = own_cards(customer.customer_id, self.statuses) if customer else []
        return card_buttons(usable, language)


class ValidateBlockCardForm(BankFormValidation):
    confirmation_slot = "block_confirmed"

    def name(self) -> str:
        return "validate_block_card_form"

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        if not tracker.get_slot("block_card") and not own_cards(self.customer.customer_id, BLOCKABLE):
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
        customer = self.customer
        usable = own_cards(customer.customer_id, BLOCKABLE)
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

    validate_block_confirmed = BankFormValidation.confirmation_answer


class ActionAskBlockCard(AskCard):
    action_name, statuses = "action_ask_block_card", BLOCKABLE


class ActionAskBlockReason(Ask):
    action_name, key = "action_ask_block_reason", "ask_block_reason"

    def buttons(self, tracker: Tracker, language: str) -> list[dict[str, str]]:
        return reason_buttons(language)


class CardSummary(Action, ABC):
    """Base of the summaries of a card form: the card its slot holds (one of the verified
    customer's), the words the customer says yes or no to, and the operation the bank stores
    with them. Abstract: the action server registers only its subclasses."""

    form: str
    operation_kind: str
    card_slot: str

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        card = chosen_card(tracker, customer, self.card_slot)
        if customer is None or card is None:
            dispatcher.utter_message(text=text("ask_which_card", language))
            return []
        try:
            words, parameters = self.summary(tracker, card, language)
        except BankError as refused:
            dispatcher.utter_message(text=explain(refused, language).text)
            return []
        dispatcher.utter_message(text=words, buttons=yes_no_buttons(language))
        return record_operation(tracker, customer, self.form, self.operation_kind, parameters)

    @abstractmethod
    def summary(self, tracker: Tracker, card: CardView, language: str) -> tuple[str, dict[str, Any]]:
        """The summary's words and the parameters of the operation it describes."""


class ActionAskBlockConfirmed(CardSummary):
    form, operation_kind, card_slot = "block_card_form", "card_block", "block_card"

    def name(self) -> str:
        return "action_ask_block_confirmed"

    def summary(self, tracker: Tracker, card: CardView, language: str) -> tuple[str, dict[str, Any]]:
        reason = tracker.get_slot("block_reason")
        words = text(
            "block_summary",
            language,
            card=card_label(card, language),
            reason=text(f"reason_{reason}", language),
        )
        if reason in FINAL_REASONS:
            words += text("block_summary_final", language, reason_word=reason)
        return words, {"card_id": card.id, "reason": reason, "order_replacement": reason in REPLACE_REASONS}


class ActionBlockCardSubmit(FormSubmit):
    form, confirmation_slot, cancelled_message = "block_card_form", "block_confirmed", "form_cancelled"
    operation_kind = "card_block"

    def name(self) -> str:
        return "action_block_card_submit"

    def done(self, result: CardBlocked, customer: VerifiedIdentity, language: str) -> str:
        message = text("block_done", language, card=card_label(result.card, language))
        if result.replacement is not None:
            message += text("block_done_replacement", language, last4=result.replacement.last4)
        elif result.card.block_reason == "temporary":
            message += text("block_done_temporary", language)
        return message


class ValidateUnblockCardForm(BankFormValidation):
    def name(self) -> str:
        return "validate_unblock_card_form"

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        if tracker.get_slot("unblock_card"):
            return None
        owned = own_cards(self.customer.customer_id)
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
        customer = self.customer
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
        if stop:
            return {"unblock_card": chosen, **stop}
        # The code is this form's confirmation: the bank stores the unblock it will confirm.
        card = next(c for c in blocked if c.last4 == chosen)
        operation = operation_slot(tracker, customer, UNBLOCK_FORM, "card_unblock", {"card_id": card.id})
        return {"unblock_card": chosen, **operation}

    def validate_unblock_otp(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.customer
        language = language_of(tracker)
        # unblock_otp holds the bank's step-up token once the code was right: the bank uses it up
        # when it executes the unblock.
        return code_slots(
            dispatcher, customer, PURPOSE_CARD_UNBLOCK, value, language, "unblock_otp", "unblock_otp"
        )


class ActionUnblockCardSubmit(FormSubmit):
    # No summary: the one-time code is the confirmation, and the bank's token for it is used up
    # by the bank when it executes the stored unblock.
    form, confirmation_slot = UNBLOCK_FORM, "unblock_otp"
    operation_kind, step_up_token_slot = "card_unblock", "unblock_otp"

    def name(self) -> str:
        return "action_unblock_card_submit"

    def done(self, result: CardView, customer: VerifiedIdentity, language: str) -> str:
        return text("unblock_done", language, card=card_label(result, language))


class ValidateActivateCardForm(BankFormValidation):
    def name(self) -> str:
        return "validate_activate_card_form"

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        if not own_cards(self.customer.customer_id, ("inactive",)):
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


class ActionActivateCardSubmit(FormSubmit):
    form = "activate_card_form"

    def name(self) -> str:
        return "action_activate_card_submit"

    def submit(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        last4 = tracker.get_slot("activate_last4")
        if not last4:
            return []
        inactive = own_cards(customer.customer_id, ("inactive",))
        if not inactive:
            dispatcher.utter_message(text=text("activate_none", language))
            return []
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
        return []
