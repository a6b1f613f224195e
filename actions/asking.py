"""Form questions: one small action per slot, so that the domain needs no `utter_ask_*`
responses that Rasa's validator cannot see forms use. Those here are plain words; forms whose
question offers choices subclass `Ask` and give `buttons`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of
from actions.messages import CATALOGUE, text


class Ask(Action, ABC):
    """Subclasses set `action_name` and `key` (the message); abstract, so the action server skips it."""

    @property
    @abstractmethod
    def action_name(self) -> str: ...

    @property
    @abstractmethod
    def key(self) -> str: ...

    def name(self) -> str:
        return self.action_name

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        dispatcher.utter_message(text=text(self.key, language), buttons=self.buttons(tracker, language))
        return []

    def buttons(self, tracker: Tracker, language: str) -> list[dict[str, str]]:
        """The choices offered with the question (none: the customer types the answer)."""
        return []


class ActionAskTransferPayee(Ask):
    action_name, key = "action_ask_transfer_payee", "ask_payee"


class ActionAskTransferAmount(Ask):
    action_name, key = "action_ask_transfer_amount", "ask_amount"


class AskCode(Ask, ABC):
    """The one-time code's question, unless this very turn already asked for its digits (the code
    was sent, or what came was not 6 digits): the question would come twice in a row."""

    key = "ask_code"
    _ALREADY_ASKED = ("code_sent", "code_expired_resent", "code_not_digits")

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if _said_this_turn(tracker, self._ALREADY_ASKED):
            return []
        return super().run(dispatcher, tracker, domain)


def _said_this_turn(tracker: Tracker, keys: tuple[str, ...]) -> bool:
    """Whether the bot said one of these messages (any language) since the customer's latest one."""
    starts = [CATALOGUE.entries[key][lang].split("{")[0] for key in keys for lang in ("en", "zh")]
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and any((event.get("text") or "").startswith(s) for s in starts):
            return True
    return False


class ActionAskTransferOtp(AskCode):
    action_name = "action_ask_transfer_otp"


class ActionAskUnblockCard(Ask):
    action_name, key = "action_ask_unblock_card", "ask_which_card"


class ActionAskUnblockOtp(AskCode):
    action_name = "action_ask_unblock_otp"


class ActionAskActivateLast4(Ask):
    action_name, key = "action_ask_activate_last4", "ask_activate_last4"


class ActionAskPayAmount(Ask):
    action_name, key = "action_ask_pay_amount", "ask_pay_amount"


class ActionAskComplaintDescription(Ask):
    action_name, key = "action_ask_complaint_description", "ask_complaint_description"
