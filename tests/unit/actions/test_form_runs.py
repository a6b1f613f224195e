"""Form runs (actions/form_runs.py), on trackers shaped as Rasa sends them: a button of an earlier
run is stale and takes nothing; a free-text step does not take another request; a form that
starts keeps nothing of an earlier run; every `/intent` button the action server sends carries
the run it was offered in."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

from actions import form_runs, free_text
from actions.complaints import ActionAskComplaintConfirmed, ValidateComplaintForm
from actions.form_runs import FormRunStamping
from actions.handoff import ActionCancelForm
from actions.messages import text
from actions.stray_answers import ActionStrayAnswer
from actions.transfers import ValidateTransferForm
from kernel.identity import conversation_id_for, sign_identity
from tests.unit.actions.conftest import customer_id, make_tracker, run, run_form

ROOT = Path(__file__).resolve().parents[3]
SUMMARY_SHOWN = {
    "transfer_from_account": "1302",
    "transfer_payee": "Bob Okafor",
    "transfer_amount": "300",
    "requested_slot": "transfer_confirmed",
}
COMPLAINT_ASKS_DESCRIPTION = {"complaint_category": "fees", "requested_slot": "complaint_description"}


def button(run: str, **entities: str) -> list[dict[str, Any]]:
    return [{"entity": name, "value": value} for name, value in {**entities, "form_run": run}.items()]


def rejected(ran) -> bool:
    return any(e.get("event") == "action_execution_rejected" for e in ran.events)


# --- stale buttons inside a form ----------------------------------------------------------------


def test_a_yes_button_of_an_earlier_transfer_confirms_nothing_and_the_summary_is_asked_again(
    bank_url, domain
):
    ran = run_form(
        ValidateTransferForm(),
        domain,
        "alice",
        text='/affirm{"form_run": "0123456789ab"}',
        intent="affirm",
        entities=button("0123456789ab"),
        slots=SUMMARY_SHOWN,
        candidates={"transfer_confirmed": True},
    )
    assert text("stale_button", "en") in ran.text
    assert ran.slots["transfer_confirmed"] is None
    assert ran.slots["requested_slot"] == "transfer_confirmed"


def transfer_at_the_summary(said: str, *, offered_before: list[str], offered_last: list[str]):
    """A transfer at its summary whose latest message is `said`: the bot's answers before carried
    these buttons (the run's id is put in place of RUN)."""
    run_now = form_runs.current_run(make_tracker("alice", active_loop="transfer_form"))
    said = said.replace("RUN", run_now)
    tracker = make_tracker(
        "alice",
        said,
        intent="affirm",
        entities=button(run_now),
        slots=SUMMARY_SHOWN,
        active_loop="transfer_form",
    )
    turns = [offered_before, offered_last] if offered_before else [offered_last]
    for number, payloads in enumerate(turns):
        if number:
            tracker.events.insert(-1, {"event": "user", "text": "…"})
        buttons = [{"payload": p.replace("RUN", run_now)} for p in payloads]
        tracker.events.insert(-1, {"event": "bot", "data": {"buttons": buttons}})
    return tracker


def test_the_yes_button_of_this_transfer_confirms_it(bank_url, domain):
    yes = '/affirm{"form_run": "RUN"}'
    tracker = transfer_at_the_summary(yes, offered_before=[], offered_last=[yes, '/deny{"form_run": "RUN"}'])
    tracker.events.append({"event": "slot", "name": "transfer_confirmed", "value": True})
    tracker.slots["transfer_confirmed"] = True
    ran = run(ValidateTransferForm(), tracker, domain)
    assert text("stale_button", "en") not in ran.text
    assert ran.slots["transfer_confirmed"] is True


def test_a_button_of_an_earlier_step_of_this_transfer_is_stale(bank_url, domain):
    account = '/inform{"account": "1302", "form_run": "RUN"}'
    tracker = transfer_at_the_summary(
        account, offered_before=[account], offered_last=['/affirm{"form_run": "RUN"}']
    )
    ran = run(ValidateTransferForm(), tracker, domain)
    assert text("stale_button", "en") in ran.text
    assert ran.slots["requested_slot"] == "transfer_confirmed"


def test_a_stale_card_button_in_chinese_is_said_to_be_stale_and_changes_no_slot(bank_url, domain):
    ran = run_form(
        ValidateComplaintForm(),
        domain,
        "wei",
        text='/inform{"complaint_category": "card", "form_run": "feedfeedfeed"}',
        entities=button("feedfeedfeed", complaint_category="card"),
        slots={"complaint_category": "fees", "requested_slot": "complaint_description"},
        candidates={"complaint_category": "card", "complaint_description": "/inform"},
        language="zh",
    )
    assert text("stale_button", "zh") in ran.text
    assert ran.slots["complaint_description"] is None
    assert ran.slots["requested_slot"] == "complaint_description"
    assert not rejected(ran)


# --- free-text steps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "intent", "language"),
    [
        ("what's my balance?", "check_balance", "en"),
        ("我的余额多少", "check_balance", "zh"),
        ("block my card", "block_card", "en"),
    ],
)
def test_a_confident_other_request_is_not_taken_as_the_complaint(bank_url, domain, said, intent, language):
    tracker = make_tracker(
        "alice" if language == "en" else "wei",
        said,
        intent=intent,
        slots=COMPLAINT_ASKS_DESCRIPTION,
        active_loop="complaint_form",
        candidates={"complaint_description": said},
        language=language,
    )
    tracker.latest_message["intent"]["confidence"] = min(1.0, free_text.CONFIDENT + 0.01)
    ran = run(ValidateComplaintForm(), tracker, domain)
    assert rejected(ran)  # the rules answer it, then the form asks for the description again
    assert ran.slots["complaint_description"] is None


def test_a_story_the_nlu_is_unsure_about_is_the_description(bank_url, domain):
    said = "the balance in the app was wrong all of yesterday"
    tracker = make_tracker(
        "alice",
        said,
        intent="check_balance",
        slots=COMPLAINT_ASKS_DESCRIPTION,
        active_loop="complaint_form",
        candidates={"complaint_description": said},
    )
    tracker.latest_message["intent"]["confidence"] = free_text.CONFIDENT - 0.2
    ran = run(ValidateComplaintForm(), tracker, domain)
    assert not rejected(ran)
    assert ran.slots["complaint_description"] == said


def test_a_button_of_this_run_at_the_description_is_not_the_description(bank_url, domain):
    tracker = make_tracker(
        "alice",
        "/affirm",
        intent="affirm",
        slots=COMPLAINT_ASKS_DESCRIPTION,
        active_loop="complaint_form",
        candidates={"complaint_description": "/affirm"},
    )
    ran = run(ValidateComplaintForm(), tracker, domain)
    assert not rejected(ran)
    assert ran.slots["complaint_description"] is None
    assert ran.slots["requested_slot"] == "complaint_description"


def test_every_request_a_free_text_step_declines_has_a_rule_in_the_complaint_form():
    served = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            if {"active_loop": "complaint_form"} in rule.get("condition", []) and "intent" in rule["steps"][
                0
            ]:
                served.add(rule["steps"][0]["intent"])
    wanted = free_text.ANSWERED_ON_THE_SIDE | free_text.STARTED_INSTEAD
    assert wanted <= served, wanted - served


# --- nothing survives into the next run -------------------------------------------------------------


def activation(
    username: str, said: str, intent: str, form: str, history: list[dict], extracted: dict
) -> Tracker:
    """The tracker the validation sees when `said` starts `form`: as Rasa builds it."""
    sender = conversation_id_for(customer_id(username))
    message = {"text": said, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    metadata = {"identity": sign_identity(customer_id(username), "rest", sender, said)}
    slots = {"language": "en"}
    for event in history:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
    slots.update(extracted)
    events = [
        *history,
        {"event": "user", "text": said, "parse_data": message, "metadata": metadata},
        *({"event": "slot", "name": n, "value": v} for n, v in extracted.items()),
        {"event": "active_loop", "name": form, "timestamp": 1800000000.0},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "action", "name": form},
        *({"event": "slot", "name": n, "value": v} for n, v in slots.items() if n in form_slots(form)),
    ]
    return Tracker(sender, slots, message, events, False, None, {"name": form}, form)


def form_slots(form: str) -> tuple[str, ...]:
    from actions.forms_base import FORM_SLOTS

    return FORM_SLOTS[form]


def test_a_new_transfer_starts_without_what_an_earlier_one_left(bank_url, domain):
    earlier = [
        {"event": "active_loop", "name": "transfer_form", "timestamp": 1700000000.0},
        {"event": "slot", "name": "transfer_from_account", "value": "1302"},
        {"event": "slot", "name": "transfer_amount", "value": "777"},
        {"event": "slot", "name": "transfer_confirmed", "value": True},
        {"event": "active_loop", "name": None},
    ]
    tracker = activation(
        "alice", "send money to Bob", "transfer_money", "transfer_form", earlier, {"transfer_payee": "Bob"}
    )
    ran = run(ValidateTransferForm(), tracker, domain)
    assert ran.slots["transfer_amount"] is None and ran.slots["transfer_from_account"] is None
    assert ran.slots["transfer_confirmed"] is None
    assert ran.slots["transfer_payee"] == "Bob Okafor"  # what this message said is kept


# --- buttons carry their run ---------------------------------------------------------------------


def test_the_action_server_stamps_the_summary_buttons_with_the_current_run(bank_url, domain):
    tracker = make_tracker(
        "alice",
        "it was charged twice",
        slots={**COMPLAINT_ASKS_DESCRIPTION, "complaint_description": "charged twice"},
        active_loop="complaint_form",
    )
    executor = FormRunStamping()
    executor.register_action(ActionAskComplaintConfirmed)
    call = {
        "next_action": "action_ask_complaint_confirmed",
        "tracker": tracker.current_state(),
        "domain": domain,
    }
    result = asyncio.run(executor.run(call))
    payloads = [b["payload"] for m in result.responses for b in m.get("buttons") or []]
    run_now = form_runs.current_run(tracker)
    assert payloads == [f'/affirm{{"form_run": "{run_now}"}}', f'/deny{{"form_run": "{run_now}"}}']


def test_payload_words_are_left_alone_and_entities_kept():
    assert form_runs.with_run("I lost it", "abc") == "I lost it"
    assert (
        form_runs.with_run('/inform{"card": "4821"}', "abc") == '/inform{"card": "4821", "form_run": "abc"}'
    )
    assert (
        form_runs.run_after(make_tracker(None, active_loop="transfer_form"), [{"event": "active_loop"}])
        is None
    )


# --- outside a form -----------------------------------------------------------------------------


@pytest.mark.parametrize("action", [ActionStrayAnswer(), ActionCancelForm()])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_button_of_a_closed_request_does_nothing_and_says_so(bank_url, domain, action, language):
    tracker = make_tracker(
        "alice",
        '/affirm{"form_run": "0123456789ab"}',
        intent="affirm",
        entities=button("0123456789ab"),
        language=language,
    )
    ran = run(action, tracker, domain)
    assert ran.text == text("stale_button_closed", language)
    assert ran.events == []


def test_a_typed_yes_outside_a_form_is_asked_what_else():
    ran = run(ActionStrayAnswer(), make_tracker(None, "yes", intent="affirm"), {})
    assert ran.messages[0]["response"] == "utter_anything_else"


def test_the_run_is_the_same_after_rasa_refreshes_the_activation_timestamp():
    # Rasa stamps the activation event anew when it stores it, after the first question's buttons
    # were sent: the run is the message that started the form, not that moment.
    tracker = make_tracker(None, "send money", intent="transfer_money", active_loop="transfer_form")
    started = {"event": "user", "text": "send money", "metadata": {"message_id": "m1"}, "timestamp": 1.0}
    asked = Tracker.from_dict(
        {
            **tracker.current_state(),
            "events": [started, {"event": "active_loop", "name": "transfer_form", "timestamp": 2.0}],
        }
    )
    stored = Tracker.from_dict(
        {
            **tracker.current_state(),
            "events": [started, {"event": "active_loop", "name": "transfer_form", "timestamp": 3.5}],
        }
    )
    assert form_runs.current_run(asked) == form_runs.current_run(stored) is not None
    restarted = Tracker.from_dict(
        {
            **tracker.current_state(),
            "events": [
                *stored.events,
                {**started, "metadata": {"message_id": "m2"}},
                {"event": "active_loop", "name": "transfer_form"},
            ],
        }
    )
    assert form_runs.current_run(restarted) != form_runs.current_run(stored)
