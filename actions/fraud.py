"""Money the customer did not authorise (intent report_fraud): the urgent path. The customer picks
the disputed payment among their latest payments out (or "not listed"); when a card is at stake
the bot offers to block it at once (the house's yes to a summary the bank stored, as the block
form); then a high-severity fraud ticket records the payment, and a person takes over with the
queue's top priority. A no answers its step (none of these / don't block) and never stops the
report; a customer who is not signed in is told to sign in or call, and is handed over too."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import form_runs
from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.cards import choose_card, own_cards
from actions.customer import acting_customer
from actions.forms_base import (
    OUTCOME,
    PENDING_OPERATION,
    STOPPED_CANCELLED,
    STOPPED_SIGNED_OUT,
    BankFormValidation,
    FormSubmit,
    record_operation,
    reset_events,
)
from actions.handoff import FRAUD, FRAUD_FORM, hand_off
from actions.language import language_of
from actions.messages import text
from actions.money_format import format_money
from actions.parsing.choices import wants_to_stop
from actions.presenting import card_buttons, card_label, entity_button, yes_no_buttons
from banking_backend.domain.errors import BankError
from banking_backend.domain.views import CardView, TransactionView
from banking_backend.services import accounts, pending_operations, tickets
from kernel.identity import VerifiedIdentity

NONE = "none"  # "not listed" / "don't block"
SHOWN = 8  # the latest payments out offered as buttons
FETCHED = 60  # postings read to find them (money in is skipped)
CARD_PURCHASE = "card_purchase"
BLOCK_REASON = "compromised"  # someone else has the card's details: blocked for good, replaced
NOT_LISTED = re.compile(
    r"\b(?:none|not (?:listed|there|here|in (?:the|this) list|on (?:the|this) list)|neither|"
    r"nothing|not any|no)\b|都不是|不在|没有|沒有|都唔係|冇",
    re.IGNORECASE,
)
MENTIONS_CARD = re.compile(r"\bcards?\b|卡|咭|碌", re.IGNORECASE)
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d{1,2})?")


def payments_out(customer_id: int) -> list[TransactionView]:
    """The customer's latest payments out, newest first (the ones that can be disputed)."""
    latest = accounts.recent_transactions(unit_of_work(), customer_id, limit=FETCHED)
    return [t for t in latest if t.amount < 0][:SHOWN]


def transaction_words(t: TransactionView, language: str) -> str:
    return text(
        "fraud_transaction_line",
        language,
        date=t.at.date().isoformat(),
        what=t.merchant or t.description,
        amount=format_money(-t.amount, t.currency, language),
    )


def transaction_buttons(offered: list[TransactionView], language: str) -> list[dict[str, str]]:
    buttons = [
        entity_button(transaction_words(t, language), "inform", disputed_transaction=str(t.id))
        for t in offered
    ]
    return buttons + [entity_button(text("fraud_not_listed", language), "inform", disputed_transaction=NONE)]


def _amounts(value: str) -> set[Decimal]:
    found = set()
    for match in _AMOUNT.findall(value):
        try:
            found.add(Decimal(match.replace(",", "")))
        except InvalidOperation:
            continue
    return found


def chosen_transaction(value: Any, offered: list[TransactionView]) -> str | None:
    """The id of the one offered payment `value` means (its button, its amount, its merchant),
    NONE for "not listed", None when it is not clear."""
    said = str(value or "").strip()
    if not said:
        return None
    ids = {str(t.id) for t in offered}
    if said in ids or said == NONE:
        return said
    amounts = _amounts(said)
    by_amount = [t for t in offered if -t.amount in amounts]
    lowered = said.lower()
    by_merchant = [t for t in offered if t.merchant and t.merchant.lower() in lowered]
    for found in (by_amount, by_merchant):
        if len({t.id for t in found}) == 1:
            return str(found[0].id)
    if NOT_LISTED.search(said) and not by_amount and not by_merchant:
        return NONE
    return None


def report_text(tracker: Tracker) -> str:
    """The customer's own words of the report: the latest message understood as report_fraud."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == "report_fraud" and not form_runs.is_payload(event.get("text")):
            return str(event.get("text") or "")
    return ""


def cards_at_stake(customer_id: int, disputed: TransactionView | None, report: str) -> list[CardView]:
    """The active cards the block is offered for: those of a disputed card payment's account (any
    active card if none is tied to it); every active card when the report speaks of a card."""
    active = own_cards(customer_id, ("active",))
    if disputed is not None and disputed.kind == CARD_PURCHASE:
        return [c for c in active if c.account_id == disputed.account_id] or active
    if MENTIONS_CARD.search(report):
        return active
    return []


class ValidateFraudForm(BankFormValidation):
    def name(self) -> str:
        return "validate_fraud_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if acting_customer(tracker) is None:
            # Said by the submit: sign in or call, and a person at once (not the usual "sign in").
            return [SlotSet(OUTCOME, STOPPED_SIGNED_OUT), SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        started = form_runs.started_this_turn(tracker, FRAUD_FORM)
        if not started and wants_to_stop((tracker.latest_message or {}).get("text")):
            # A no answers a step here ("none of these", "don't block"); "cancel" stops the report.
            return {OUTCOME: STOPPED_CANCELLED}
        if started:
            dispatcher.utter_message(text=text("fraud_urgent", language))
        if tracker.get_slot("fraud_transaction") is None and not payments_out(self.customer.customer_id):
            if started:
                dispatcher.utter_message(text=text("fraud_no_transactions", language))
            return self._chosen(NONE, None, tracker)
        return None

    def slots_needed(self, domain_slots: list[str], tracker: Tracker) -> list[str]:
        if tracker.get_slot("fraud_card") == NONE:  # no card at stake, or the customer said leave it
            return [s for s in domain_slots if s != "fraud_block_confirmed"]
        return domain_slots

    def _chosen(self, chosen: str, disputed: TransactionView | None, tracker: Tracker) -> dict[str, Any]:
        at_stake = cards_at_stake(self.customer.customer_id, disputed, report_text(tracker))
        card = NONE if not at_stake else at_stake[0].last4 if len(at_stake) == 1 else None
        return {"fraud_transaction": chosen, "fraud_card": card}

    def validate_fraud_transaction(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        offered = payments_out(self.customer.customer_id)
        chosen = chosen_transaction(value, offered)
        if chosen is None:
            dispatcher.utter_message(text=text("fraud_transaction_not_recognised", language_of(tracker)))
            return {"fraud_transaction": None}
        disputed = next((t for t in offered if str(t.id) == chosen), None)
        return self._chosen(chosen, disputed, tracker)

    def validate_fraud_card(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == NONE:
            return {"fraud_card": NONE}
        active = own_cards(self.customer.customer_id, ("active",))
        return {"fraud_card": choose_card(dispatcher, value, active, language_of(tracker))}

    def validate_fraud_block_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # A no only leaves the card as it is: the report goes on.
        return {"fraud_block_confirmed": bool(value)}


class ActionAskFraudTransaction(Action):
    def name(self) -> str:
        return "action_ask_fraud_transaction"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        offered = payments_out(customer.customer_id) if customer else []
        dispatcher.utter_message(
            text=text("ask_fraud_transaction", language), buttons=transaction_buttons(offered, language)
        )
        return []


class ActionAskFraudCard(Action):
    def name(self) -> str:
        return "action_ask_fraud_card"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        active = own_cards(customer.customer_id, ("active",)) if customer else []
        leave = entity_button(text("fraud_dont_block", language), "deny")
        dispatcher.utter_message(
            text=text("ask_fraud_card", language), buttons=[*card_buttons(active, language), leave]
        )
        return []


class ActionAskFraudBlockConfirmed(Action):
    """The block's summary: the bank stores the block it describes, and only that is done on yes."""

    def name(self) -> str:
        return "action_ask_fraud_block_confirmed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        last4 = tracker.get_slot("fraud_card")
        card = (
            next((c for c in own_cards(customer.customer_id) if c.last4 == last4), None) if customer else None
        )
        if customer is None or card is None:
            dispatcher.utter_message(text=text("ask_which_card", language))
            return []
        parameters = {"card_id": card.id, "reason": BLOCK_REASON, "order_replacement": True}
        dispatcher.utter_message(
            text=text("ask_fraud_block_confirmed", language, card=card_label(card, language)),
            buttons=yes_no_buttons(language),
        )
        return record_operation(tracker, customer, FRAUD_FORM, "card_block", parameters)


class ActionFraudSubmit(FormSubmit):
    form = FRAUD_FORM

    def name(self) -> str:
        return "action_fraud_submit"

    def finish(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        done = reset_events(FRAUD_FORM)
        customer = acting_customer(tracker)
        if customer is None or tracker.get_slot(OUTCOME) == STOPPED_SIGNED_OUT:
            dispatcher.utter_message(text=text("fraud_sign_in_or_call", language))
            return done + hand_off(dispatcher, language, FRAUD)
        if tracker.get_slot(OUTCOME) == STOPPED_CANCELLED:
            self._leave_card(tracker, customer)
            dispatcher.utter_message(text=text("fraud_stopped", language))
            return done
        self._block(dispatcher, tracker, customer, language)  # first: it stops more money going
        self._ticket(dispatcher, tracker, customer, language)
        return done + hand_off(dispatcher, language, FRAUD)

    def _block(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        operation = tracker.get_slot(PENDING_OPERATION)
        if operation is None:
            return
        if tracker.get_slot("fraud_block_confirmed") is not True:
            self._leave_card(tracker, customer)
            dispatcher.utter_message(text=text("fraud_card_not_blocked", language))
            return
        try:
            executed = pending_operations.execute(
                unit_of_work(),
                customer.customer_id,
                int(operation),
                "card_block",
                pending_operations.Confirmation(customer.message_id, customer.issued_at),
                channel=customer.channel,
            )
        except BankError as refused:
            dispatcher.utter_message(text=explain(refused, language).text)
            return
        blocked = executed.result
        message = text("block_done", language, card=card_label(blocked.card, language))
        if blocked.replacement is not None:
            message += text("block_done_replacement", language, last4=blocked.replacement.last4)
        dispatcher.utter_message(text=message)

    @staticmethod
    def _leave_card(tracker: Tracker, customer: VerifiedIdentity) -> None:
        """The block stored with the question is withdrawn: a later yes cannot execute it."""
        operation = tracker.get_slot(PENDING_OPERATION)
        if operation is not None:
            pending_operations.cancel(unit_of_work(), customer.customer_id, int(operation))

    def _ticket(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        chosen = tracker.get_slot("fraud_transaction")
        description = report_text(tracker) or "Reported in chat: money the customer did not authorise."
        uow = unit_of_work()
        try:
            if chosen and chosen != NONE:
                ticket = tickets.open_fraud_ticket(
                    uow,
                    customer.customer_id,
                    int(chosen),
                    description=description,
                    channel=customer.channel,
                    conversation_id=tracker.sender_id,
                )
            else:  # not listed: the case is opened all the same, the person finds the payment
                ticket = tickets.open_ticket(
                    uow,
                    customer.customer_id,
                    category="fraud",
                    severity="high",
                    subject="Unauthorised transaction reported (not among the latest)",
                    description=description,
                    channel=customer.channel,
                    conversation_id=tracker.sender_id,
                )
        except (BankError, ValueError):
            dispatcher.utter_message(text=text("fraud_ticket_failed", language))
            return
        disputed = ""
        if chosen and chosen != NONE:
            found = next((t for t in payments_out(customer.customer_id) if str(t.id) == chosen), None)
            if found is not None:
                disputed = text(
                    "fraud_ticket_disputed",
                    language,
                    amount=format_money(-found.amount, found.currency, language),
                    date=found.at.date().isoformat(),
                )
        due = ticket.sla_due_at.strftime("%Y-%m-%d %H:%M UTC")
        dispatcher.utter_message(
            text=text("fraud_ticket_opened", language, reference=ticket.reference, disputed=disputed, due=due)
        )
