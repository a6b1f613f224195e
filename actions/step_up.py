"""Step-up authentication in a conversation: send a one-time code, check what the customer
types, and say what happened in their language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.code_delivery import CodeNotDelivered, code_sender
from actions.forms_base import OUTCOME, STOPPED_AUTH_FAILED, STOPPED_TOO_MANY_CODES
from actions.handoff import AUTH_FAILED, hand_off
from actions.messages import text
from actions.parsing.choices import one_time_code
from banking_backend.domain.errors import CodeExpired, CodeInvalid, CodeLocked, TooManyCodes
from banking_backend.services import otp
from kernel.identity import VerifiedIdentity

PURPOSE_CARD_UNBLOCK = "card_unblock"


@dataclass(frozen=True)
class CodeCheck:
    token: str | None = None  # the bank's step-up token when the code was right
    locked: bool = False  # third wrong code: the attempt is over
    stop: dict[str, Any] = field(default_factory=dict)  # slots that end the form (see send_code)


def send_code(
    dispatcher: CollectingDispatcher,
    customer_id: int,
    purpose: str,
    channel: str,
    language: str,
    message: str = "code_sent",
) -> dict[str, Any]:
    """Send a code and say where it went. When the bank refuses (too many codes lately), say
    when to try again and return the slots that end the form: no code is coming to wait for."""
    try:
        issued = otp.issue_code(unit_of_work(), customer_id, purpose, code_sender(), channel)
    except TooManyCodes as refused:
        dispatcher.utter_message(text=explain(refused, language).text)
        return {OUTCOME: STOPPED_TOO_MANY_CODES}
    except CodeNotDelivered:  # no code is coming to wait for either
        dispatcher.utter_message(text=text("code_not_sent", language))
        return {OUTCOME: STOPPED_TOO_MANY_CODES}
    dispatcher.utter_message(text=text(message, language, phone=issued.sent_to))
    return {}


def check_code(
    dispatcher: CollectingDispatcher,
    customer_id: int,
    purpose: str,
    code: str | None,
    channel: str,
    language: str,
) -> CodeCheck:
    """Verify `code`; on anything but success, tell the customer what to do next."""
    if code is None:
        dispatcher.utter_message(text=text("code_not_digits", language))
        return CodeCheck()
    try:
        return CodeCheck(token=otp.verify_code(unit_of_work(), customer_id, purpose, code, channel))
    except CodeInvalid as wrong:
        dispatcher.utter_message(text=text("code_wrong", language, left=wrong.attempts_left))
        return CodeCheck()
    except CodeLocked:
        dispatcher.utter_message(text=text("code_locked", language))
        return CodeCheck(locked=True)
    except CodeExpired:
        stop = send_code(dispatcher, customer_id, purpose, channel, language, "code_expired_resent")
        return CodeCheck(stop=stop)


def code_slots(
    dispatcher: CollectingDispatcher,
    customer: VerifiedIdentity,
    purpose: str,
    value: object,
    language: str,
    slot: str,
    token_slot: str | None = None,
) -> dict[str, Any]:
    """A form's slots once the customer typed the code `slot` asks for: "verified" (and the bank's
    step-up token in `token_slot`) when right; after the third wrong code a colleague takes over
    and the form ends; else the code is asked again (or the form ends: no new code was sent)."""
    result = check_code(
        dispatcher, customer.customer_id, purpose, one_time_code(value), customer.channel, language
    )
    if result.token:
        return {slot: "verified", **({token_slot: result.token} if token_slot else {})}
    if result.locked:
        events = hand_off(dispatcher, language, AUTH_FAILED)
        return {slot: None, OUTCOME: STOPPED_AUTH_FAILED, **{e["name"]: e["value"] for e in events}}
    return {slot: None, **result.stop}
