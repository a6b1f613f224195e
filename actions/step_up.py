"""Step-up authentication in a conversation: send a one-time code, check what the customer
types, and say what happened in their language."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.code_delivery import code_sender
from actions.messages import text
from banking_backend.domain.errors import CodeExpired, CodeInvalid, CodeLocked
from banking_backend.services import otp

PURPOSE_CARD_UNBLOCK = "card_unblock"


@dataclass(frozen=True)
class CodeCheck:
    token: str | None = None  # the bank's step-up token when the code was right
    locked: bool = False  # third wrong code: the attempt is over


def send_code(
    dispatcher: CollectingDispatcher, customer_id: int, purpose: str, channel: str, language: str
) -> None:
    issued = otp.issue_code(unit_of_work(), customer_id, purpose, code_sender(), channel)
    dispatcher.utter_message(text=text("code_sent", language, phone=issued.sent_to))


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
        issued = otp.issue_code(unit_of_work(), customer_id, purpose, code_sender(), channel)
        dispatcher.utter_message(text=text("code_expired_resent", language, phone=issued.sent_to))
        return CodeCheck()
