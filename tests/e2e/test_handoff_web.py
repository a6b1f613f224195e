"""Issue 6, the web journey on the real stack (`bankbot run`), in headless Chromium with two
browser contexts: alice on the widget, a supervisor on the console at `/console`.

alice asks for her balance, then for a human, and is told her place in the queue; the supervisor
sees the entry arrive without reloading, opens it, claims it and replies; alice sees the reply
in the widget; what she writes next reaches the agent's transcript and not the bot; the
supervisor returns the conversation to the bot, and the bot answers alice's next message on
the same Rasa tracker (paused and resumed, nothing forgotten)."""

from __future__ import annotations

import time

import pytest

from kernel.identity import conversation_id_for
from tests.e2e.browser import BOT_COUNT, bot_texts, open_chat, send, wait_for_bot_messages, wait_for_bot_text
from tests.e2e.handoff_support import (
    ARTIFACTS,
    ASK_FOR_A_HUMAN,
    DEMO_SUPERVISOR,
    QUEUE_MESSAGE,
    stack_env,
    tracker_events,
    user_texts,
)
from tests.integration.channels.helpers import accounts_of, amount_en, customer_id
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("handoff-web")
    running = start_stack(tmp, extra_env=stack_env(tmp))
    yield running
    running.stop()


@pytest.fixture
def customer(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.fixture
def console(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_a_web_customer_is_handed_to_a_supervisor_and_back_to_the_bot(stack, customer, console):
    from playwright.sync_api import expect

    started = time.monotonic()
    alice = customer_id(stack, "alice")
    conversation = conversation_id_for(alice)
    accounts = accounts_of(stack, "alice")

    # alice signs in to the demo bank and asks for her balance.
    open_chat(customer, stack.gateway_url, "alice")
    send(customer, "what's my balance?")
    wait_for_bot_text(customer, accounts[0].masked_number)
    for account in accounts:
        assert amount_en(account.balance) in bot_texts(customer)

    # The supervisor signs in to the console and watches the queue.
    console.goto(f"{stack.gateway_url}/console/queue")
    expect(console).to_have_url(f"{stack.gateway_url}/console/login")
    console.fill("input[name=username]", DEMO_SUPERVISOR[0])
    console.fill("input[name=password]", DEMO_SUPERVISOR[1])
    console.click("button[type=submit]")
    expect(console).to_have_url(f"{stack.gateway_url}/console/queue")
    expect(console.locator("#live-status")).to_have_text("live")
    console.evaluate("window.__sameDocument = true")

    # alice asks for a human: the bot hands off and she is told her place in the queue.
    send(customer, ASK_FOR_A_HUMAN)
    wait_for_bot_text(customer, QUEUE_MESSAGE)
    assert "number 1 in the queue" in bot_texts(customer)
    events = tracker_events(stack, conversation)
    assert events[-1]["event"] == "pause", "the gateway paused the bot's conversation in Rasa"

    # ... and her entry appears on the console without a reload.
    row = console.locator(f'tr[data-conversation="{conversation}"]')
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("asked for a person")
    expect(row).to_contain_text("web")
    assert console.evaluate("window.__sameDocument") is True, "the entry came live, not by a reload"

    # The supervisor opens it (the bot's side of the transcript is there), claims it and replies.
    row.locator("a").click()
    expect(console.locator("#transcript")).to_contain_text(ASK_FOR_A_HUMAN)
    console.click("#claim")
    expect(console.locator("#state")).to_contain_text("claimed by")
    reply = "Hello Alice, this is Sam from the bank. How can I help?"
    console.fill("#reply-text", reply)
    console.click("#send-reply")
    expect(console.locator("#transcript")).to_contain_text(reply)

    # alice sees the agent's reply in the widget, pushed over her open socket.
    wait_for_bot_text(customer, "this is Sam from the bank", timeout=15_000)

    # What alice writes now reaches the agent, not the bot.
    users_before = len(user_texts(tracker_events(stack, conversation)))
    bubbles = send(customer, "My card was swallowed by an ATM this morning")
    expect(console.locator("#transcript")).to_contain_text("swallowed by an ATM", timeout=10_000)
    customer.wait_for_function("() => window.BankChat.pending().length === 0", timeout=15_000)
    time.sleep(1)
    assert customer.evaluate(BOT_COUNT) == bubbles, "no bot answer while a person has the conversation"
    assert len(user_texts(tracker_events(stack, conversation))) == users_before, "Rasa never saw it"

    ARTIFACTS.mkdir(exist_ok=True)
    console.locator("#transcript").evaluate("box => { box.scrollTop = box.scrollHeight; }")
    customer.screenshot(path=str(ARTIFACTS / "handoff-web-customer.png"), full_page=True)
    console.screenshot(path=str(ARTIFACTS / "handoff-web-console.png"), full_page=True)

    # The supervisor returns the conversation to the bot.
    console.click("#return-to-bot")
    expect(console).to_have_url(f"{stack.gateway_url}/console/queue")
    expect(console.locator(f'tr[data-conversation="{conversation}"]')).to_have_count(0)
    assert tracker_events(stack, conversation)[-1]["event"] == "resume"

    # The bot answers alice's next message, with the same tracker as before the handoff.
    before = send(customer, "what's my balance?")
    wait_for_bot_messages(customer, before + 1, timeout=60_000)
    wait_for_bot_text(customer, accounts[0].masked_number)
    events = tracker_events(stack, conversation)
    texts = user_texts(events)
    assert texts.count("what's my balance?") == 2 and ASK_FOR_A_HUMAN in texts
    assert "My card was swallowed by an ATM this morning" not in texts
    kinds = [e["event"] for e in events]
    first_balance = next(i for i, e in enumerate(events) if e["event"] == "user")
    assert "session_started" not in kinds[first_balance:], "one session: the bot remembers it all"
    assert kinds.index("pause") < kinds.index("resume") < len(kinds) - 1
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    language = [e["value"] for e in events if e["event"] == "slot" and e["name"] == "language"]
    assert language and set(language) == {"en"}

    customer.screenshot(path=str(ARTIFACTS / "handoff-web-customer-back-to-bot.png"), full_page=True)
    print(f"web handoff journey: {time.monotonic() - started:.1f} s")
