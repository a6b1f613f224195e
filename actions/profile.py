"""The customer's profile in a conversation: what the bank holds (shown masked by the house
rule), and the form that changes one detail. Address, e-mail, language and preferred channel
change only after a yes to a summary; a phone number only once the codes sent to the current
number and to the new one were both typed (the bank applies it with the second)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import form_runs, free_text
from actions.asking import Ask, _said_this_turn
from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.code_delivery import CodeNotDelivered, code_sender
from actions.customer import CustomerAction, acting_customer
from actions.forms_base import (
    FORM_SLOTS,
    OUTCOME,
    STOPPED_AUTH_FAILED,
    STOPPED_NOTHING_TO_DO,
    STOPPED_TOO_MANY_CODES,
    BankFormValidation,
    FormSubmit,
)
from actions.handoff import AUTH_FAILED, hand_off
from actions.language import language_of
from actions.messages import text
from actions.parsing.choices import one_time_code
from actions.parsing.profile_fields import (
    FIELDS,
    channel_choice,
    email_in,
    field_named,
    language_choice,
    phone_number_in,
    value_given,
)
from actions.presenting import entity_button, yes_no_buttons
from banking_backend.domain.errors import (
    BankError,
    CodeExpired,
    CodeInvalid,
    CodeLocked,
    InvalidAddress,
    InvalidEmail,
    InvalidPhoneNumber,
    PhoneChangeNotFound,
    PhoneNumberUnavailable,
    TooManyCodes,
)
from banking_backend.domain.views import ProfileView
from banking_backend.services import profile
from kernel.identity import VerifiedIdentity
from kernel.masking import last_four, mask_address, mask_email

PROFILE_FORM = "profile_form"
FIELD, VALUE, CONFIRMED = "profile_field", "profile_value", "profile_confirmed"
OLD_CODE, NEW_CODE = "profile_old_code", "profile_new_code"
# Masked whole in the tracker store (bot/tracker_masking.py CODE_SLOTS lists them too).
CODE_SLOTS = (OLD_CODE, NEW_CODE)
VERIFIED = "verified"


def profile_of(customer_id: int) -> ProfileView:
    return profile.get_profile(unit_of_work(), customer_id)


def first_name(view: ProfileView) -> str:
    """How the bot addresses the customer: the first word of an English name, a Chinese name whole."""
    name = view.name.strip()
    return name.split()[0] if " " in name else name


def shown(field: str, value: str | None, language: str, *, masked: bool) -> str:
    """A detail as the customer reads it: masked by the house rule when it comes from the bank's
    records (`masked`), whole when the customer has just typed it."""
    if not value:
        return text("not_given", language)
    if field == "language":
        return text(f"language_{value}", language)
    if field == "channel":
        return text(f"channel_{value}", language)
    if not masked:
        return value
    if field == "address":
        return mask_address(value)
    if field == "email":
        return mask_email(value)
    return last_four(value)


def current(view: ProfileView, field: str) -> str | None:
    return {
        "address": view.address,
        "email": view.email,
        "phone": view.phone,
        "language": view.language,
        "channel": view.preferred_channel,
    }[field]


def field_buttons(language: str) -> list[dict[str, str]]:
    return [entity_button(text(f"field_{f}", language), "inform", profile_field=f) for f in FIELDS]


def choice_buttons(field: str, language: str) -> list[dict[str, str]]:
    """Plain words in the customer's language: they go through the NLU like typing."""
    values = {"language": ("en", "zh"), "channel": profile.CHANNELS}.get(field, ())
    return [
        {"title": text(f"{field}_{v}", language), "payload": text(f"{field}_{v}", language)} for v in values
    ]


def cancel_phone_change(customer: VerifiedIdentity) -> None:
    """A phone change stopped in the chat is cancelled in the bank too (its codes stop counting)."""
    profile.cancel_phone_change(unit_of_work(), customer.customer_id, customer.channel)


class ValidateProfileForm(BankFormValidation):
    confirmation_slot = CONFIRMED
    free_text_slots = (FIELD, VALUE)

    def name(self) -> str:
        return "validate_profile_form"

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        """ "I changed my number to +65 …", "以后用中文": the detail, and the value when given."""
        if not form_runs.started_this_turn(tracker, PROFILE_FORM):
            return None
        words = (tracker.latest_message or {}).get("text")
        # The customer's own words first: the NLU's entity is a guess ("new email" tagged channel).
        field = field_named(words) or tracker.get_slot(FIELD)
        if field not in FIELDS:
            return None
        value = None if tracker.get_slot(VALUE) else value_given(field, words)
        return {FIELD: field, **({VALUE: value} if value else {})}

    async def _validate(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if self._another_of_ours(tracker):
            return free_text.step_aside(tracker, PROFILE_FORM, list(FORM_SLOTS[PROFILE_FORM]))
        return await super()._validate(dispatcher, tracker, domain)

    def _another_of_ours(self, tracker: Tracker) -> bool:
        """ "lost my phone", "what address do you have" at a step that takes any words: not its
        answer (free_text.py judges the other tasks); the rules in data/rules/profile.yml serve it."""
        intent = (tracker.latest_message or {}).get("intent") or {}
        return (
            tracker.get_slot("requested_slot") in self.free_text_slots
            and form_runs.answers_the_message(tracker, PROFILE_FORM)
            and intent.get("name") in ("lost_phone", "view_profile")
            and float(intent.get("confidence") or 0) >= free_text.CONFIDENT
        )

    def slots_needed(self, domain_slots: list[str], tracker: Tracker) -> list[str]:
        if tracker.get_slot(FIELD) == "phone":
            return [FIELD, VALUE, OLD_CODE, NEW_CODE]
        return [FIELD, VALUE, CONFIRMED]

    def validate_profile_field(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        words = (tracker.latest_message or {}).get("text")
        typed = None if form_runs.is_payload(words) else field_named(words)
        field = typed or (value if value in FIELDS else field_named(value))
        if field is None:
            dispatcher.utter_message(text=text("profile_field_unclear", language_of(tracker)))
            return {FIELD: None}
        before = form_runs.value_before_message(tracker, FIELD)
        if before and before != field:  # another detail now: what was said of the first goes
            if before == "phone":
                cancel_phone_change(self.customer)
            return {FIELD: field, VALUE: None, CONFIRMED: None, OLD_CODE: None, NEW_CODE: None}
        return {FIELD: field}

    def validate_profile_value(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        field = tracker.get_slot(FIELD)
        language = language_of(tracker)
        view = profile_of(self.customer.customer_id)
        if field == "phone":
            return self._start_phone_change(value, view, dispatcher, language)
        new = self._read(field, value, view, dispatcher, language)
        if new is None:
            return {VALUE: None}
        if isinstance(new, dict):
            return new
        if new == current(view, field):
            dispatcher.utter_message(
                text=text("profile_same", language, field=text(f"field_{field}", language))
            )
            return {VALUE: new, OUTCOME: STOPPED_NOTHING_TO_DO}
        return {VALUE: new, **self.correction(tracker)}

    @staticmethod
    def _read(
        field: str, value: Any, view: ProfileView, dispatcher: CollectingDispatcher, language: str
    ) -> str | dict[str, Any] | None:
        """The new value in the bank's form; None (said why) when it is not one; slots that end
        the form when the bank could not take it anyway."""
        if field == "address":
            try:
                return profile.normalise_address(str(value or ""))
            except InvalidAddress:
                dispatcher.utter_message(text=text("address_invalid", language))
                return None
        if field == "email":
            try:
                return profile.normalise_email(email_in(value) or str(value or ""))
            except InvalidEmail:
                dispatcher.utter_message(text=text("email_invalid", language))
                return None
        if field == "language":
            chosen = language_choice(value)
            if chosen is None:
                dispatcher.utter_message(text=text("language_unclear", language))
            return chosen
        chosen = channel_choice(value)
        if chosen is None:
            dispatcher.utter_message(text=text("channel_unclear", language))
            return None
        # The bank's own conditions, said before a summary the bank would refuse.
        if chosen == "telegram" and not view.telegram_linked:
            dispatcher.utter_message(text=text("channel_needs_telegram", language))
            return {VALUE: None, OUTCOME: STOPPED_NOTHING_TO_DO}
        if chosen == "email" and not view.email:
            dispatcher.utter_message(text=text("channel_needs_email", language))
            return {VALUE: None, OUTCOME: STOPPED_NOTHING_TO_DO}
        return chosen

    def _start_phone_change(
        self, value: Any, view: ProfileView, dispatcher: CollectingDispatcher, language: str
    ) -> dict[str, Any]:
        """The bank sends a code to the current number and one to the new: the new number itself
        stays in the bank (the conversation keeps only its last four digits)."""
        number = phone_number_in(value) or str(value or "")
        customer = self.customer
        try:
            started = profile.start_phone_change(
                unit_of_work(), customer.customer_id, number, code_sender(), customer.channel
            )
        except InvalidPhoneNumber:
            dispatcher.utter_message(text=text("phone_invalid", language))
            return {VALUE: None}
        except PhoneNumberUnavailable:
            dispatcher.utter_message(text=text("phone_unavailable", language))
            return {VALUE: None}
        except TooManyCodes as refused:
            dispatcher.utter_message(text=explain(refused, language).text)
            return {VALUE: None, OUTCOME: STOPPED_TOO_MANY_CODES}
        except CodeNotDelivered:
            cancel_phone_change(customer)
            dispatcher.utter_message(text=text("code_not_sent", language))
            return {VALUE: None, OUTCOME: STOPPED_TOO_MANY_CODES}
        old, new = last_four(view.phone), started.new_phone_masked
        dispatcher.utter_message(text=text("phone_codes_sent", language, old=old, new=new))
        return {VALUE: new, OLD_CODE: None, NEW_CODE: None}

    def validate_profile_old_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._phone_code("old", OLD_CODE, value, dispatcher, tracker)

    def validate_profile_new_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._phone_code("new", NEW_CODE, value, dispatcher, tracker)

    def _phone_code(
        self, which: str, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        language = language_of(tracker)
        customer = self.customer
        code = one_time_code(value)
        if code is None:
            dispatcher.utter_message(text=text("code_not_digits", language))
            return {slot: None}
        try:
            profile.verify_phone_change(unit_of_work(), customer.customer_id, which, code, customer.channel)
        except CodeInvalid as wrong:
            dispatcher.utter_message(text=text("phone_code_wrong", language, left=wrong.attempts_left))
            return {slot: None}
        except CodeLocked:
            cancel_phone_change(customer)
            dispatcher.utter_message(text=text("phone_change_locked", language))
            events = hand_off(dispatcher, language, AUTH_FAILED)
            return {slot: None, OUTCOME: STOPPED_AUTH_FAILED, **{e["name"]: e["value"] for e in events}}
        except (CodeExpired, PhoneChangeNotFound):
            cancel_phone_change(customer)
            dispatcher.utter_message(text=text("phone_change_expired", language))
            return {slot: None, OUTCOME: STOPPED_NOTHING_TO_DO}
        except PhoneNumberUnavailable:
            dispatcher.utter_message(text=text("phone_unavailable", language))
            return {slot: None, OUTCOME: STOPPED_NOTHING_TO_DO}
        return {slot: VERIFIED}

    validate_profile_confirmed = BankFormValidation.confirmation_answer


class ActionAskProfileField(Ask):
    action_name, key = "action_ask_profile_field", "ask_profile_field"

    def buttons(self, tracker: Tracker, language: str) -> list[dict[str, str]]:
        return field_buttons(language)


class ActionAskProfileValue(Action):
    def name(self) -> str:
        return "action_ask_profile_value"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        field = tracker.get_slot(FIELD) or "address"
        dispatcher.utter_message(
            text=text(f"ask_new_{field}", language), buttons=choice_buttons(field, language)
        )
        return []


class ActionAskProfileConfirmed(Action):
    """The summary the customer says yes or no to: the detail as the bank has it (masked) and
    as it will be."""

    def name(self) -> str:
        return "action_ask_profile_confirmed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        field, new = tracker.get_slot(FIELD), tracker.get_slot(VALUE)
        if customer is None or field not in FIELDS or not new:
            dispatcher.utter_message(text=text("ask_profile_field", language))
            return []
        view = profile_of(customer.customer_id)
        words = text(
            "profile_summary",
            language,
            name=first_name(view),
            field=text(f"field_{field}", language),
            old=shown(field, current(view, field), language, masked=True),
            new=shown(field, new, language, masked=False),
        )
        dispatcher.utter_message(text=words, buttons=yes_no_buttons(language))
        return []


class ActionAskProfileOldCode(Ask):
    action_name, key = "action_ask_profile_old_code", "ask_old_phone_code"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # Just after the codes were sent (or a wrong one), the question was already asked.
        if _said_this_turn(tracker, ("phone_codes_sent", "code_not_digits", "phone_code_wrong")):
            return []
        return super().run(dispatcher, tracker, domain)


class ActionAskProfileNewCode(Action):
    def name(self) -> str:
        return "action_ask_profile_new_code"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if _said_this_turn(tracker, ("code_not_digits", "phone_code_wrong")):
            return []
        language = language_of(tracker)
        new = tracker.get_slot(VALUE) or ""
        dispatcher.utter_message(text=text("ask_new_phone_code", language, new=new))
        return []


class ActionProfileSubmit(FormSubmit):
    form, cancelled_message = PROFILE_FORM, "profile_not_changed"

    def name(self) -> str:
        return "action_profile_submit"

    def submit(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        field, new = tracker.get_slot(FIELD), tracker.get_slot(VALUE)
        if field == "phone":
            if tracker.get_slot(NEW_CODE) == VERIFIED and tracker.get_slot(OLD_CODE) == VERIFIED:
                view = profile_of(customer.customer_id)
                dispatcher.utter_message(
                    text=text("phone_done", language, name=first_name(view), new=last_four(view.phone))
                )
            return []
        if field not in FIELDS or not new or tracker.get_slot(CONFIRMED) is not True:
            return []
        change = {
            "address": profile.change_address,
            "email": profile.change_email,
            "language": profile.set_language,
            "channel": profile.set_preferred_channel,
        }[field]
        try:
            view = change(unit_of_work(), customer.customer_id, new, customer.channel)
        except BankError as refused:
            dispatcher.utter_message(text=explain(refused, language).text)
            return []
        # A new language is answered in it.
        said_in = new if field == "language" else language
        dispatcher.utter_message(
            text=text(
                "profile_done",
                said_in,
                name=first_name(view),
                field=text(f"field_{field}", said_in),
                new=shown(field, new, said_in, masked=False),
            )
        )
        return []


class ActionViewProfile(CustomerAction):
    def name(self) -> str:
        return "action_view_profile"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        view = profile_of(customer.customer_id)
        values = {f: shown(f, current(view, f), language, masked=True) for f in FIELDS}
        dispatcher.utter_message(
            text=text(
                "profile_view",
                language,
                name=first_name(view),
                phone=values["phone"],
                email=values["email"],
                address=values["address"],
                language_name=values["language"],
                channel=values["channel"],
            )
        )
        return []


def stop_in_the_bank(tracker: Tracker) -> None:
    """The customer stopped the form ("no", "cancel"): a phone change it started is cancelled in
    the bank too. Nothing else was changed before the final yes."""
    customer = acting_customer(tracker)
    if customer is not None and tracker.get_slot(FIELD) == "phone" and tracker.get_slot(VALUE):
        cancel_phone_change(customer)
