"""D3: a signed identity read from the tracker store, replayed straight to the action server with
`next_action=action_transfer_submit` and slots of the attacker's choosing, moves no money. The
bank executes only an operation it stored itself when it showed the customer the summary, for
that customer, once, before it expires. The caller here holds the action server's token when the
stack has one (BANKBOT_ACTIONS_TOKEN), so the test still means something once that door is shut."""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from kernel.identity import conversation_id_for
from tests.integration.channels.helpers import accounts_of, customer_id
from tests.support.bank import bank_state
from tests.support.chat import Customer
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("replay")
    running = start_stack(tmp, extra_env={"BANKBOT_DEMO": "1", "BANKBOT_DEMO_CODES_DIR": str(tmp / "codes")})
    yield running
    running.stop()


def stored_events(stack, conversation: str) -> list[dict]:
    """The conversation's events as Rasa's SQL tracker store keeps them (what an intruder reads)."""
    with sqlite3.connect(stack.workdir / "tracker.db") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (conversation,))
        return [json.loads(data) for (data,) in rows]


def latest_user_event(stack, conversation: str) -> dict:
    event = [e for e in stored_events(stack, conversation) if e.get("event") == "user"][-1]
    assert event["metadata"]["identity"]["signature"], "the gateway signed the message"
    return event


def latest_operation_id(stack, conversation: str) -> int:
    """The pending operation a summary put in the conversation's slot."""
    values = [
        e["value"]
        for e in stored_events(stack, conversation)
        if e.get("event") == "slot" and e.get("name") == "pending_operation" and e.get("value")
    ]
    assert values, "the summary recorded a pending operation"
    return int(values[-1])


def replay_submit(
    stack, conversation: str, user_event: dict, slots: dict, action: str = "action_transfer_submit"
) -> httpx.Response:
    """The action server called directly, as Rasa would, with the lifted user event."""
    token = stack.env.get("BANKBOT_ACTIONS_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    tracker = {
        "sender_id": conversation,
        "slots": {"language": "en", **slots},
        "latest_message": user_event.get("parse_data") or {"text": user_event.get("text")},
        "events": [user_event],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    body = {
        "next_action": action,
        "sender_id": conversation,
        "tracker": tracker,
        "domain": {},
        "version": "3.6.21",
    }
    return httpx.post(
        f"http://127.0.0.1:{stack.ports['actions']}/webhook", json=body, headers=headers, timeout=30
    )


def said(response: httpx.Response) -> str:
    if response.status_code != 200:
        return ""
    return "\n".join(r.get("text") or "" for r in response.json().get("responses", []))


def alice_pays_bob(stack, amount: str, **extra: object) -> dict:
    checking = next(a for a in accounts_of(stack, "alice") if a.kind == "checking")
    return {
        "transfer_from_account": checking.last4,
        "transfer_payee": "Bob Okafor",
        "transfer_amount": amount,
        "transfer_currency": "USD",
        "transfer_confirmed": True,
        **extra,
    }


def test_a_lifted_identity_with_chosen_slots_moves_no_money(stack):
    alice = conversation_id_for(customer_id(stack, "alice"))
    Customer(stack, "alice").say("what's my balance?")
    lifted = latest_user_event(stack, alice)
    before, bob_before = bank_state(stack, "alice"), bank_state(stack, "bob")

    response = replay_submit(stack, alice, lifted, alice_pays_bob(stack, "900"))

    assert bank_state(stack, "alice") == before
    assert bank_state(stack, "bob") == bob_before
    assert "sent to" not in said(response)
    if response.status_code == 200:  # a caller the action server let in is told so
        assert "nothing was done" in said(response)


def test_someone_elses_pending_operation_moves_no_money(stack):
    bob = Customer(stack, "bob")
    reply = bob.converse(
        "I want to send $50 to Alice Martin from my checking account",
        {"Which account": "checking", "Who would you like": "Alice Martin", "How much": "50"},
        done="Please confirm",
    )
    assert "$50.00" in reply
    bobs_operation = latest_operation_id(stack, conversation_id_for(customer_id(stack, "bob")))
    alice = conversation_id_for(customer_id(stack, "alice"))
    Customer(stack, "alice").say("what's my balance?")
    lifted = latest_user_event(stack, alice)
    before, bob_before = bank_state(stack, "alice"), bank_state(stack, "bob")

    response = replay_submit(
        stack, alice, lifted, alice_pays_bob(stack, "900", pending_operation=bobs_operation)
    )

    assert bank_state(stack, "alice") == before
    assert bank_state(stack, "bob") == bob_before
    assert "sent to" not in said(response)
    assert "cancelled" in bob.say("no")  # Bob's own operation is still his to refuse


def test_an_executed_operation_replayed_moves_no_money_again(stack):
    chat = Customer(stack, "alice")
    chat.converse(
        "I want to send $20 to Bob Okafor from my checking account",
        {
            "Please confirm": "yes",
            "Which account": "checking",
            "Who would you like": "Bob Okafor",
            "How much": "20",
        },
        done="sent to Bob Okafor",
    )
    alice = conversation_id_for(customer_id(stack, "alice"))
    executed = latest_operation_id(stack, alice)
    lifted = latest_user_event(stack, alice)  # the "yes" that confirmed it, signed
    count, balances = bank_state(stack, "alice")
    bob_before = bank_state(stack, "bob")

    response = replay_submit(stack, alice, lifted, alice_pays_bob(stack, "900", pending_operation=executed))

    assert bank_state(stack, "alice") == (count, balances)
    assert bank_state(stack, "bob") == bob_before
    assert "$900" not in said(response)


def test_an_operation_made_by_calling_the_summary_with_a_lifted_identity_cannot_be_confirmed(stack):
    alice = conversation_id_for(customer_id(stack, "alice"))
    Customer(stack, "alice").say("what's my balance?")
    lifted = latest_user_event(stack, alice)
    before, bob_before = bank_state(stack, "alice"), bank_state(stack, "bob")
    slots = alice_pays_bob(stack, "900", transfer_confirmed=None)

    shown = replay_submit(stack, alice, lifted, slots, action="action_ask_transfer_confirmed")
    events = shown.json().get("events", []) if shown.status_code == 200 else []
    made = [e["value"] for e in events if e.get("name") == "pending_operation"] or [None]
    response = replay_submit(stack, alice, lifted, alice_pays_bob(stack, "900", pending_operation=made[-1]))

    assert bank_state(stack, "alice") == before
    assert bank_state(stack, "bob") == bob_before
    if response.status_code == 200:
        assert "nothing was done" in said(response)
