"""Form runs: one activation of a form is one run, and what belongs to it.

A run's id is derived from the customer's message that started the form (the user event before
its `active_loop` event), not kept in a slot: it exists for as long as the form is the active
loop and for no longer, whichever way the form ends (summary answered, cancelled, handed off,
switched to another task, a reply Rasa lost).

Every button the bot sends while a form runs carries the run's id in Rasa's payload syntax,
`/affirm{"form_run": "3f9a…"}` (stamped by the action server: `FormRunStamping`). A button whose
run is not the current one, or that the bot's latest answer did not offer (an earlier step's), is
stale: the form's validation says so and asks its question again; outside a form the
stray-answer actions say so and do nothing.

The same turn bookkeeping serves two other guards: slots an earlier run left behind are cleared
when a form starts, and a message that is not this step's answer is taken back (`undo_turn`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import ActionExecutor

ENTITY = "form_run"
REQUESTED = "requested_slot"
# Rasa's syntax for a message that names its intent and skips the NLU: `/intent{"entity": "v"}`.
PAYLOAD = re.compile(r"/(?P<intent>[\w-]+)(?P<entities>\{.*\})?", re.DOTALL)


def run_started(tracker: Tracker, form: str) -> float | None:
    """When the latest run of `form` started, as its activation event says (the idempotency key's
    moment, `forms_base.form_run_key`)."""
    return next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == form
        ),
        None,
    )


def _starting_message(tracker: Tracker, form: str) -> str | None:
    """The customer's message that started the latest run of `form` (its id, else its time);
    "" when none came before. Not the activation event's timestamp: Rasa refreshes that when it
    stores the event, after the run's first question was asked with its buttons."""
    events = tracker.events
    activation = next(
        (
            i
            for i in range(len(events) - 1, -1, -1)
            if events[i].get("event") == "active_loop" and events[i].get("name") == form
        ),
        None,
    )
    if activation is None:
        return None
    message = next((e for e in reversed(events[:activation]) if e.get("event") == "user"), None)
    if message is None:
        return ""
    return str((message.get("metadata") or {}).get("message_id") or message.get("timestamp"))


def run_id(tracker: Tracker, form: str) -> str | None:
    """A short id of the latest run of `form` in this conversation (None: it never ran)."""
    started = _starting_message(tracker, form)
    if started is None:
        return None
    return hashlib.sha256(f"run|{tracker.sender_id}|{form}|{started}".encode()).hexdigest()[:12]


def current_run(tracker: Tracker) -> str | None:
    """The run of the active form; None when no form is active."""
    form = (tracker.active_loop or {}).get("name")
    return run_id(tracker, form) if form else None


def button_run(tracker: Tracker) -> str | None:
    """The run the latest message's button belongs to; None for typed words and untied buttons."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == ENTITY and entity.get("value"):
            return str(entity["value"])
    return None


def is_stale(tracker: Tracker) -> bool:
    """The latest message is a button of a run that is over or is not the current one, or of an
    earlier step of the current run (the account button pressed at the payee question): only the
    buttons of the bot's latest answer are live."""
    run = button_run(tracker)
    if run is None:
        return False
    return run != current_run(tracker) or not _offered_last(tracker)


def _offered_last(tracker: Tracker) -> bool:
    """The latest message is one of the buttons the bot sent since the customer's message before."""
    said = _payload_parts((tracker.latest_message or {}).get("text"))
    latest = _latest_user_index(tracker)
    if said is None or latest is None:
        return False
    previous = next((i for i in range(latest - 1, -1, -1) if tracker.events[i].get("event") == "user"), -1)
    offered = [
        button.get("payload")
        for event in tracker.events[previous + 1 : latest]
        if event.get("event") == "bot"
        for button in (event.get("data") or {}).get("buttons") or []
    ]
    return any(_payload_parts(payload) == said for payload in offered)


def _payload_parts(text: str | None) -> tuple[str, dict] | None:
    """A payload as (intent, entities), so that spacing and key order do not matter."""
    match = PAYLOAD.fullmatch((text or "").strip())
    if not match:
        return None
    try:
        entities = json.loads(match["entities"]) if match["entities"] else {}
    except json.JSONDecodeError:
        return None
    return (match["intent"], entities) if isinstance(entities, dict) else None


def is_payload(text: str | None) -> bool:
    """Whether a message is a button's payload (Rasa's `/intent{...}`), not typed words."""
    return bool(PAYLOAD.fullmatch((text or "").strip()))


def with_run(payload: str, run: str) -> str:
    """The payload with the run added to its entities; words (not `/intent`) are left alone."""
    parts = _payload_parts(payload)
    if parts is None:
        return payload
    intent, entities = parts
    return f"/{intent}{json.dumps({**entities, ENTITY: run}, ensure_ascii=False)}"


def stamp(messages: Iterable[dict[str, Any]], run: str) -> None:
    """Every `/intent` button of these messages carries `run` (in place)."""
    for message in messages:
        for button in message.get("buttons") or []:
            if isinstance(button.get("payload"), str):
                button["payload"] = with_run(button["payload"], run)


def run_after(tracker: Tracker, events: Iterable[dict[str, Any]]) -> str | None:
    """The run the customer is in once an action's events apply: none if they end the form."""
    if any(event.get("event") == "active_loop" and not event.get("name") for event in events):
        return None
    return current_run(tracker)


class FormRunStamping(ActionExecutor):
    """rasa-sdk's executor, whose answers' buttons carry the run they were offered in: the one
    place every button built in actions/ gets it, whichever action sent it."""

    async def run(self, action_call: dict[str, Any], *args: Any, **kwargs: Any):
        result = await super().run(action_call, *args, **kwargs)
        if result is not None and result.responses:
            run = run_after(Tracker.from_dict(action_call["tracker"]), result.events)
            if run:
                stamp(result.responses, run)
        return result


# --- the turn: what the customer's latest message changed -----------------------------------


def _latest_user_index(tracker: Tracker) -> int | None:
    return next(
        (i for i in range(len(tracker.events) - 1, -1, -1) if tracker.events[i].get("event") == "user"),
        None,
    )


def _since_message(tracker: Tracker) -> list[dict[str, Any]]:
    index = _latest_user_index(tracker)
    return [] if index is None else tracker.events[index + 1 :]


def answers_the_message(tracker: Tracker, form: str) -> bool:
    """This validation reads the customer's latest message: nothing but the form ran since it
    (not a form resumed after a side answer, nor one started after another action)."""
    if _latest_user_index(tracker) is None:
        return False
    for event in _since_message(tracker):
        kind = event.get("event")
        if kind == "action_execution_rejected" or (kind == "action" and event.get("name") != form):
            return False
    return True


def started_this_turn(tracker: Tracker, form: str) -> bool:
    """The form started after the customer's latest message (this is its first validation)."""
    return any(
        event.get("event") == "active_loop" and event.get("name") == form for event in _since_message(tracker)
    )


def value_before_message(tracker: Tracker, slot: str) -> Any:
    """What `slot` held before the customer's latest message."""
    index = _latest_user_index(tracker)
    value = None
    for event in tracker.events[: index if index is not None else len(tracker.events)]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif event.get("event") in ("restart", "reset_slots"):
            value = None
    return value


def _set_by_message(tracker: Tracker) -> set[str]:
    """Slots set after the latest message and before the form ran (what Rasa extracted from it)."""
    names: set[str] = set()
    for event in _since_message(tracker):
        if event.get("event") == "action":
            break
        if event.get("event") == "slot":
            names.add(event["name"])
    return names


def undo_turn(tracker: Tracker, slots: Iterable[str]) -> list[EventType]:
    """Events that take back what the latest message set in these slots and keep the question
    the form asked, so that the form asks it again (and Rasa does not see a turn that filled
    nothing, which would let its rules act on the message)."""
    asked = tracker.get_slot(REQUESTED)
    own = set(slots)
    names = ((_set_by_message(tracker) | set(_candidates(tracker))) & own) | ({asked} & own)
    undone = {name: value_before_message(tracker, name) for name in sorted(names)}
    tracker.slots.update(undone)
    return [SlotSet(name, value) for name, value in undone.items()] + [SlotSet(REQUESTED, asked)]


def _candidates(tracker: Tracker) -> dict[str, Any]:
    return tracker.slots_to_validate()


def left_from_earlier_runs(tracker: Tracker, form: str, slots: Iterable[str]) -> list[str]:
    """When `form` starts: its slots that hold a value this turn's message did not give, left
    by an earlier run however it ended (nothing of one run survives into the next)."""
    if not started_this_turn(tracker, form):
        return []
    fresh = _set_by_message(tracker)
    return [slot for slot in slots if tracker.get_slot(slot) is not None and slot not in fresh]
