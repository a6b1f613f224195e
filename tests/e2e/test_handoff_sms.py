"""Issue 6, the SMS journey on the real stack (`bankbot run`): alice texts from her registered
phone (Twilio-signed webhooks), asks for a human and is told her place in the queue; a
supervisor works the conversation on the console over HTTP (sign-in and CSRF as a browser
does); the agent's reply goes out through the gateway's Twilio client to the local fake of
Twilio's API; what alice texts next reaches the agent, not the bot; returned to the bot, the
bot answers her next SMS on the same Rasa tracker."""

from __future__ import annotations

import time

import pytest

from kernel.identity import conversation_id_for
from tests.e2e.handoff_support import (
    ASK_FOR_A_HUMAN,
    QUEUE_MESSAGE,
    ConsoleClient,
    stack_env,
    tracker_events,
    user_texts,
)
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import ALICE_PHONE, TWILIO, accounts_of, customer_id, post_sms
from tests.support.stack import start_stack
from tests.support.twilio import twilio_env

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory, twilio):
    tmp = tmp_path_factory.mktemp("handoff-sms")
    running = start_stack(tmp, extra_env=twilio_env(twilio.url, **stack_env(tmp)))
    yield running
    running.stop()


@pytest.fixture
def console(stack):
    client = ConsoleClient(stack)
    yield client
    client.close()


def text_and_wait(stack, twilio, body: str, sid: str) -> list[str]:
    """Text the bank as alice; the SMS sent back to her for it (at least one)."""
    before = len(twilio.to(ALICE_PHONE))
    assert post_sms(stack, ALICE_PHONE, body, sid).status_code == 200
    wait_for(lambda: len(twilio.to(ALICE_PHONE)) > before)
    time.sleep(0.5)  # a long answer may come as several messages
    return twilio.to(ALICE_PHONE)[before:]


def test_an_sms_customer_is_handed_to_a_supervisor_and_back_to_the_bot(stack, twilio, console):
    started = time.monotonic()
    conversation = conversation_id_for(customer_id(stack, "alice"))
    checking = accounts_of(stack, "alice")[0]

    # alice asks for her balance, then for a human; she is told her place in the queue.
    assert checking.masked_number in "\n".join(text_and_wait(stack, twilio, "what's my balance?", "SMho1"))
    answer = "\n".join(text_and_wait(stack, twilio, ASK_FOR_A_HUMAN, "SMho2"))
    assert QUEUE_MESSAGE in answer and "number 1 in the queue" in answer
    assert tracker_events(stack, conversation)[-1]["event"] == "pause"

    # The supervisor finds her in the queue (an SMS handoff, asked for a person) and claims it.
    entry = wait_for(lambda: console.open_handoff(conversation), timeout=10)
    assert (entry["channel"], entry["reason"], entry["state"]) == ("sms", "requested", "waiting")
    assert ASK_FOR_A_HUMAN in console.transcript(entry["id"])
    console.post(entry["id"], "claim")
    assert console.open_handoff(conversation)["state"] == "claimed"

    # The reply goes out through the Twilio client: the fake recorded it, to alice's number.
    before = len(twilio.sent)
    reply = "Hello Alice, this is Sam from the bank. How can I help?"
    console.post(entry["id"], "reply", text=reply)
    sent = wait_for(lambda: [m for m in twilio.sent[before:] if m.body == reply], timeout=15)
    assert [(m.to, m.from_) for m in sent] == [(ALICE_PHONE, TWILIO["TWILIO_FROM_NUMBER"])]

    # What alice texts now reaches the agent's transcript, not the bot, and gets no bot answer.
    users_before = len(user_texts(tracker_events(stack, conversation)))
    before = len(twilio.sent)
    assert post_sms(stack, ALICE_PHONE, "My card was swallowed by an ATM", "SMho3").status_code == 200
    wait_for(lambda: "swallowed by an ATM" in console.transcript(entry["id"]), timeout=15)
    time.sleep(1.5)
    assert len(twilio.sent) == before, "no answer from the bot while a person has the conversation"
    assert len(user_texts(tracker_events(stack, conversation))) == users_before, "Rasa never saw it"

    # Returned to the bot: the bot answers her next SMS, on the same tracker.
    console.post(entry["id"], "return")
    assert console.open_handoff(conversation) is None
    assert tracker_events(stack, conversation)[-1]["event"] == "resume"
    assert checking.masked_number in "\n".join(text_and_wait(stack, twilio, "what's my balance?", "SMho4"))
    events = tracker_events(stack, conversation)
    texts = user_texts(events)
    assert texts.count("what's my balance?") == 2 and ASK_FOR_A_HUMAN in texts
    kinds = [e["event"] for e in events]
    first_user = kinds.index("user")
    assert "session_started" not in kinds[first_user:], "one session: the bot remembers it all"
    assert kinds.index("pause") < kinds.index("resume") < len(kinds) - 1
    assert all(e["metadata"].get("channel") == "sms" for e in events if e["event"] == "user")
    print(f"SMS handoff journey: {time.monotonic() - started:.1f} s")


def test_a_handoff_resolved_by_the_agent_leaves_the_bot_answering(stack, twilio, console):
    """Resolved rather than returned: the customer's next SMS still goes to a bot that answers
    (its tracker, paused at the handoff, is resumed)."""
    conversation = conversation_id_for(customer_id(stack, "alice"))
    checking = accounts_of(stack, "alice")[0]
    assert QUEUE_MESSAGE in "\n".join(text_and_wait(stack, twilio, ASK_FOR_A_HUMAN, "SMrs1"))
    entry = wait_for(lambda: console.open_handoff(conversation), timeout=10)
    console.post(entry["id"], "claim")
    console.post(entry["id"], "reply", text="Your card is on its way.")
    console.post(entry["id"], "resolve")
    assert console.open_handoff(conversation) is None
    assert tracker_events(stack, conversation)[-1]["event"] == "resume"
    assert checking.masked_number in "\n".join(text_and_wait(stack, twilio, "what's my balance?", "SMrs2"))
