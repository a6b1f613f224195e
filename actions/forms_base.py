"""What every form shares: in its validation the verified customer, stopping a form early, the
yes or no to its summary, and corrections ("make it 300") that send the customer back to the
confirmation; in its submit action, the end of the form whatever happened."""

from __future__ import annotations

import copy
import hashlib
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import form_runs, free_text, knowledge
from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.customer import acting_customer
from actions.language import language_of
from actions.messages import text
from banking_backend.domain.errors import BankError
from banking_backend.services import pending_operations
from kernel.identity import VerifiedIdentity

# Why a form ended without (or before) doing its work; its submit action reads it.
OUTCOME = "form_outcome"
STOPPED_SIGNED_OUT = "signed_out"
STOPPED_CANCELLED = "cancelled"
STOPPED_AUTH_FAILED = "auth_failed"
STOPPED_NOTHING_TO_DO = "nothing_to_do"
STOPPED_TOO_MANY_CODES = "too_many_codes"  # the bank sent no code: nothing to wait for
# The id of the operation the bank stored when it showed the summary: all a yes executes.
PENDING_OPERATION = "pending_operation"

FORM_SLOTS: dict[str, tuple[str, ...]] = {
    "transfer_form": (
        "transfer_from_account",
        "transfer_payee",
        "transfer_amount",
        "transfer_confirmed",
        "transfer_otp",
        "transfer_currency",
        "transfer_step_up",
        "transfer_step_up_token",
    ),
    "block_card_form": ("block_card", "block_reason", "block_confirmed"),
    "unblock_card_form": ("unblock_card", "unblock_otp"),
    "activate_card_form": ("activate_last4",),
    "card_limit_form": ("limit_card", "limit_amount", "limit_confirmed"),
    "pay_credit_card_form": ("pay_option", "pay_amount", "pay_from_account", "pay_confirmed"),
    "complaint_form": ("complaint_category", "complaint_description", "complaint_confirmed"),
    "fraud_form": ("fraud_transaction", "fraud_card", "fraud_block_confirmed"),
    "profile_form": (
        "profile_field",
        "profile_value",
        "profile_confirmed",
        "profile_old_code",
        "profile_new_code",
    ),
}


def reset_events(form: str | None = None) -> list[EventType]:
    """Clear one form's slots (or every form's), the outcome and the pending operation, once a
    form is over."""
    forms = [form] if form else list(FORM_SLOTS)
    slots = [slot for name in forms for slot in FORM_SLOTS[name]]
    return [SlotSet(slot, None) for slot in (*slots, OUTCOME, PENDING_OPERATION)]


def form_run_key(tracker: Tracker, form: str, prefix: str) -> str:
    """An idempotency key stable for one run of `form`: the conversation and the moment the form
    started. A submit that runs again for the same run (Rasa retried it) is done once by the bank."""
    started = form_runs.run_started(tracker, form)
    digest = hashlib.sha256(f"{tracker.sender_id}|{started}".encode()).hexdigest()
    return f"{prefix}-{digest[:40]}"


def operation_slot(
    tracker: Tracker, customer: VerifiedIdentity, form: str, kind: str, parameters: dict[str, Any]
) -> dict[str, Any]:
    """The bank stores the operation the customer is about to confirm (ids, minor units); only
    its id goes into the conversation, and only that id can be confirmed."""
    operation_id = pending_operations.record(
        unit_of_work(),
        customer.customer_id,
        kind,
        parameters,
        idempotency_key=form_run_key(tracker, form, f"chat-{kind}"),
        channel=customer.channel,
        message_id=customer.message_id,
    )
    return {PENDING_OPERATION: operation_id}


def record_operation(
    tracker: Tracker, customer: VerifiedIdentity, form: str, kind: str, parameters: dict[str, Any]
) -> list[EventType]:
    """For a summary action: `operation_slot` as events."""
    recorded = operation_slot(tracker, customer, form, kind, parameters)
    return [SlotSet(name, value) for name, value in recorded.items()]


# Intents no rule answers in the middle of a form (the rules in data/rules answer the others, then
# resume the form): what is said for each before the question comes again.
UNRULED_IN_FORMS = {
    "greet": "form_side_greet",
    "thank": "form_side_thank",
    "goodbye": "form_side_goodbye",
    "unsupported_banking": "form_side_unsupported",
    "affirm": "form_not_understood",
    "inform": "form_not_understood",
    "nlu_fallback": "form_not_understood",
}


def keep_the_turn(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]
) -> list[EventType]:
    """A message that fills nothing and that no rule answers (a greeting, thanks, a yes where the
    question is not yes or no, words the NLU did not understand) would make Rasa reject the form
    and the turn would get no answer: say something and keep the form (a slot event keeps it),
    which then asks its question again."""
    asked = tracker.get_slot("requested_slot")
    if asked is None or any(e.get("event") == "slot" and e.get("name") != "requested_slot" for e in events):
        return []
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if intent not in UNRULED_IN_FORMS:
        return []
    answer = knowledge.answer_on_the_side(tracker) if intent == "unsupported_banking" else None
    dispatcher.utter_message(text=answer or text(UNRULED_IN_FORMS[intent], language_of(tracker)))
    return [SlotSet(asked, None)]


class BankFormValidation(FormValidationAction, ABC):
    """Base of the `validate_<form>` actions (abstract: the action server registers only its subclasses)."""

    @abstractmethod
    def name(self) -> str: ...

    # The yes/no slot that ends the form; a change to anything else asks it again.
    confirmation_slot: str | None = None
    # Slots that only make sense after the confirmation (a one-time code): cleared with it.
    after_confirmation: tuple[str, ...] = ()

    # Steps that take any words (a complaint's description): a message that is clearly another
    # request, or a button, is not their answer (actions/free_text.py).
    free_text_slots: tuple[str, ...] = ()

    # The customer of this run, verified once in `run`: what every validator answers.
    customer: VerifiedIdentity

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        customer = acting_customer(tracker)
        if customer is None:
            dispatcher.utter_message(text=text("sign_in_needed", language_of(tracker)))
            return [SlotSet(OUTCOME, STOPPED_SIGNED_OUT), SlotSet("requested_slot", None)]
        # The action server keeps one instance of each action for every conversation at once:
        # this run's validators work on a copy that holds this run's customer.
        this_run = copy.copy(self)
        this_run.customer = customer
        return await this_run._validate(dispatcher, tracker, domain)

    async def _validate(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = self.form_name()
        own_slots = list(FORM_SLOTS.get(form) or self.domain_slots(domain))
        if form_runs.answers_the_message(tracker, form):
            if form_runs.is_stale(tracker):
                # A button of an earlier (or another) run: said so, nothing taken, asked again.
                dispatcher.utter_message(text=text("stale_button", language_of(tracker)))
                return form_runs.undo_turn(tracker, own_slots)
            free_text_step = tracker.get_slot("requested_slot") in self.free_text_slots
            if free_text_step and free_text.is_knowledge_question(tracker.latest_message or {}):
                # Answered here, as at any other step (keep_the_turn), and the step asked again.
                answer = knowledge.answer_on_the_side(tracker)
                dispatcher.utter_message(text=answer or text("form_side_unsupported", language_of(tracker)))
                return form_runs.undo_turn(tracker, own_slots)
            if free_text_step and free_text.not_the_answer(tracker):
                return free_text.step_aside(tracker, form, own_slots)
        # Nothing of an earlier run (however it ended) survives into this one.
        earlier = form_runs.left_from_earlier_runs(tracker, form, [*own_slots, OUTCOME, PENDING_OPERATION])
        left = {**self.leftover_confirmation(tracker), **dict.fromkeys(earlier)}
        leftover = [SlotSet(name, value) for name, value in left.items()]
        _forget_candidates(tracker, {event["name"] for event in leftover})
        prefill = await self.prepare(dispatcher, tracker, language_of(tracker))
        prefill_events = leftover + [SlotSet(name, value) for name, value in (prefill or {}).items()]
        if any(event["name"] == OUTCOME and event["value"] for event in prefill_events):
            return [*prefill_events, SlotSet("requested_slot", None)]
        tracker.add_slots(prefill_events[len(leftover) :])
        events = prefill_events + await super().run(dispatcher, tracker, domain)
        return events + keep_the_turn(dispatcher, tracker, events)

    def leftover_confirmation(self, tracker: Tracker) -> dict[str, Any]:
        """A yes (or code) left from an earlier run of the form is never this run's: when Rasa lost
        a submit action's reply (the process died), the form's slots were not cleared. The form
        has asked nothing yet in this run (no requested slot), so any confirmation is a leftover."""
        if not self.confirmation_slot or tracker.get_slot("requested_slot") is not None:
            return {}
        slots = (self.confirmation_slot, *self.after_confirmation)
        return {slot: None for slot in slots if tracker.get_slot(slot) is not None}

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        """Before validating: slots to fill from the bank, or {OUTCOME: ...} to stop now."""
        return None

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot(OUTCOME):
            return []
        return self.slots_needed(list(domain_slots), tracker)

    def slots_needed(self, domain_slots: list[str], tracker: Tracker) -> list[str]:
        return domain_slots

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if not events:
            return events
        together = await self.check_together(dispatcher, tracker)
        if together:
            tracker.slots.update(together)
            events.extend(SlotSet(name, value) for name, value in together.items())
        return events

    async def check_together(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any] | None:
        """After this turn's slots were validated one by one: checks that need several."""
        return None

    def confirmation_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The yes or no to the summary: a no ends the form with nothing done. A subclass names it
        `validate_<confirmation_slot> = BankFormValidation.confirmation_answer` for Rasa to call."""
        if not value:
            return {self.confirmation_slot: False, OUTCOME: STOPPED_CANCELLED}
        return {self.confirmation_slot: True}

    def correction(self, tracker: Tracker) -> dict[str, Any]:
        """Slot changes that send the customer back to the confirmation after a correction."""
        if not self.confirmation_slot:
            return {}
        asked = tracker.get_slot("requested_slot")
        confirming = asked == self.confirmation_slot or asked in self.after_confirmation
        if confirming or tracker.get_slot(self.confirmation_slot) is not None:
            return {self.confirmation_slot: None, **dict.fromkeys(self.after_confirmation)}
        return {}


class FormSubmit(Action, ABC):
    """Base of the actions a form ends with: the form's slots are cleared whatever happened, a no
    to the summary is answered, and nothing is done when the form stopped early, the customer is
    no longer verified or never said yes. A form with an `operation_kind` does its work only by
    asking the bank to execute the operation stored with its summary (slot PENDING_OPERATION):
    the bank reads the parameters it stored, never the slots. Abstract: the action server
    registers only subclasses."""

    form: str
    confirmation_slot: str | None = None
    cancelled_message: str | None = None  # said after a no; None: the form's own words suffice
    operation_kind: str | None = None  # the pending operation a yes executes (None: no money/cards)
    step_up_token_slot: str | None = None  # the bank's step-up token, when the form asked for a code

    @abstractmethod
    def name(self) -> str: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = self.finish(dispatcher, tracker, domain)
        # Requests asked in the same message as this form's come next, whatever the outcome.
        from actions.request_queue import serve_waiting  # imported here: it imports this module

        handed_off = tracker.get_slot(OUTCOME) == STOPPED_AUTH_FAILED or any(
            event.get("name") == "handoff_reason" for event in events
        )
        return events + serve_waiting(dispatcher, tracker, handed_off=handed_off)

    def finish(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        language = language_of(tracker)
        done = reset_events(self.form)
        outcome = tracker.get_slot(OUTCOME)
        if outcome == STOPPED_CANCELLED and self.cancelled_message:
            dispatcher.utter_message(text=text(self.cancelled_message, language))
        customer = acting_customer(tracker)
        if customer is not None and outcome and self.operation_kind:
            self._cancel_operation(tracker, customer)
        if outcome or customer is None:
            return done
        if self.confirmation_slot and not tracker.get_slot(self.confirmation_slot):
            return done
        if self.operation_kind is None:
            return done + self.submit(dispatcher, tracker, customer, language)
        try:
            executed = pending_operations.execute(
                unit_of_work(),
                customer.customer_id,
                _operation_id(tracker),
                self.operation_kind,
                pending_operations.Confirmation(customer.message_id, customer.issued_at),
                channel=customer.channel,
                step_up_token=tracker.get_slot(self.step_up_token_slot) if self.step_up_token_slot else None,
            )
        except BankError as refused:
            reply = explain(refused, language)
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
            return done
        dispatcher.utter_message(text=self.done(executed.result, customer, language))
        return done

    def _cancel_operation(self, tracker: Tracker, customer: VerifiedIdentity) -> None:
        operation_id = _operation_id(tracker)
        if operation_id is not None:
            pending_operations.cancel(unit_of_work(), customer.customer_id, operation_id)

    def submit(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        """Do the form's work and say how it went (forms without an operation kind)."""
        raise NotImplementedError

    def done(self, result: Any, customer: VerifiedIdentity, language: str) -> str:
        """What the customer is told once the bank executed the operation (forms with an
        operation kind); `result` is the executing service's own view."""
        raise NotImplementedError


def _operation_id(tracker: Tracker) -> int | None:
    value = tracker.get_slot(PENDING_OPERATION)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _forget_candidates(tracker: Tracker, names: set[str]) -> None:
    """Clear these slots in what this run sees. When a form starts, Rasa hands its slots that are
    already set to the validation as candidates (the slot events at the end of the tracker):
    those are dropped too, or the leftover would be validated and accepted again."""
    if not names:
        return
    tracker.slots.update(dict.fromkeys(names))
    candidates = 0
    while candidates < len(tracker.events) and tracker.events[-1 - candidates].get("event") == "slot":
        candidates += 1
    start = len(tracker.events) - candidates
    tracker.events[start:] = [e for e in tracker.events[start:] if e.get("name") not in names]
