"""How every form that takes an amount (transfer, credit-card repayment, card limit) reads the
answer to "how much?" and words its refusal: an amount written below zero is refused as such,
and an answer that is nothing but an amount is the form's whatever intent the NLU saw in it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import text
from actions.parsing.amounts import (
    ParsedAmount,
    is_amount_alone,
    parse_amount,
    states_negative_amount,
    states_zero_amount,
)

Extractor = Callable[[Any, CollectingDispatcher, Tracker, DomainDict], dict[str, Any]]


def amount_refusal(value: object, language: str, otherwise: str) -> str:
    """What to say when `value` holds no usable amount: that it must be above zero when it was
    written below zero, else the form's own `otherwise` words."""
    if states_negative_amount(value) or states_zero_amount(value):
        return text("err_invalid_amount", language, reason=text("amount_reason_not_positive", language))
    return text(otherwise, language)


_SCIENTIFIC = re.compile(r"^[+-]?\d[\d.,]*[eE][+-]?\d+$")  # 1e400, 2.5E3


def read_amount(
    value: object, dispatcher: CollectingDispatcher, language: str, otherwise: str
) -> ParsedAmount | None:
    """The amount an answer holds; or None, once the customer was told why (`amount_refusal`)."""
    # "1e400" is not money, though the parser would read its "1".
    parsed = None if _SCIENTIFIC.match(str(value).strip()) else parse_amount(value)
    if parsed is None:
        dispatcher.utter_message(text=amount_refusal(value, language, otherwise))
    return parsed


def amount_answer(slot: str) -> Extractor:
    """An `extract_<slot>` method (rasa-sdk calls it before validation) for a form's amount slot.

    The NLU reads a bare "-50" as a goodbye, so no slot mapping takes it (they all leave out
    goodbye) and Rasa hands the turn to the goodbye rule in the middle of the form; and its amount
    entity keeps only "50" of "minus 50" or "500" of "负500". So a message that is an amount
    alone is the answer when the slot is asked (or whatever is asked, when it is below zero), and
    it replaces what the NLU took from a message that writes an amount below zero:
    `validate_<slot>` then refuses it."""

    def extract(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        said = tracker.latest_message.get("text") or ""
        taken = tracker.slots_to_validate().get(slot)
        asked = tracker.get_slot("requested_slot") == slot
        # A bare "-50" is about the amount whatever was asked (the summary, the account): a goodbye
        # in the middle of the form would be the only other reading.
        if taken is None and (asked or states_negative_amount(said)) and is_amount_alone(said):
            return {slot: said}
        if asked and _SCIENTIFIC.match(said.strip()):
            # "1e400": the NLU's amount entity keeps only the "1"; the whole is refused as not money.
            return {slot: said.strip()}
        if taken is not None and states_negative_amount(said) and not states_negative_amount(taken):
            return {slot: said}
        return {}

    return extract


def value_before_this_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the customer's latest message (the events since are this turn's)."""
    events = list(tracker.events)
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:latest_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def answers_another_question(tracker: Tracker, slot: str, amount_steps: tuple[str, ...] = ()) -> bool:
    """A number alone ("1201", "4821") sent while the form asks which account or card, or for a
    code, answers that question (its digits), not the amount too. It is an amount at the amount
    step, at the summary (a correction) and at `amount_steps` (e.g. the repayment option)."""
    asked = tracker.get_slot("requested_slot")
    said = (tracker.latest_message or {}).get("text") or ""
    if asked is None or asked == slot or asked in amount_steps or asked.endswith("_confirmed"):
        return False
    return is_amount_alone(said) and not states_negative_amount(said)


def keep_amount_when_answering_another_question(
    slot: str, tracker: Tracker, amount_steps: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """For `validate_<slot>`: the amount as it was, when this message answered another question."""
    if answers_another_question(tracker, slot, amount_steps):
        return {slot: value_before_this_message(tracker, slot)}
    return None
