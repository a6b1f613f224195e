"""The console in a real browser (headless Chromium driven by Playwright) against the console
served by uvicorn: a supervisor signs in, sees a new handoff appear without reloading, claims
it, replies (the reply reaches the channel's stand-in) and returns the conversation to the bot.

The customer's side (widget, SMS) joins in the lead's integration, once the gateway exists.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from argon2 import PasswordHasher

from contact_centre import agents
from kernel.identity import conversation_id_for
from tests.e2e.browser import CHROMIUM
from tests.integration.contact_centre.console_stack import SUPERVISOR, ConsoleStack, build_console_stack

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian's chromium: apt-get install -y chromium"
    ),
]


class ServedConsole:
    """uvicorn on a free loopback port, in a thread with its own event loop."""

    def __init__(self, stack: ConsoleStack) -> None:
        self.stack = stack
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(
            stack.app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=1
        )
        self.server = uvicorn.Server(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def __enter__(self) -> ServedConsole:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the console did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(self, coroutine):  # noqa: ANN001, ANN201 - whatever the desk returns
        """Run a desk coroutine on the server's loop, as the gateway's router would."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)


@pytest.fixture
def served(tmp_path, monkeypatch) -> Iterator[ServedConsole]:
    monkeypatch.setattr(agents, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    # A long re-read interval: an entry that shows up quickly was pushed, not polled.
    stack = build_console_stack(tmp_path, poll_seconds=60)
    with ServedConsole(stack) as served:
        yield served


@pytest.fixture
def page(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_supervisor_sees_a_handoff_arrive_live_claims_replies_and_returns_it_to_the_bot(
    served, page, tmp_path
):
    from playwright.sync_api import expect

    stack = served.stack
    conversation = conversation_id_for(stack.customer_id)

    page.goto(f"{served.url}/console/queue")
    expect(page).to_have_url(f"{served.url}/console/login")  # sign-in first
    page.fill("input[name=username]", SUPERVISOR[0])
    page.fill("input[name=password]", SUPERVISOR[1])
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{served.url}/console/queue")
    expect(page.locator("#live-status")).to_have_text("live")
    expect(page.locator("#queue-empty")).to_be_visible()
    page.evaluate("window.__sameDocument = true")

    answers = served.call(stack.desk.on_bot_handoff(conversation, stack.customer_id, "web", "requested"))
    assert "number 1 in the queue" in answers[0]["text"]

    row = page.locator(f'tr[data-conversation="{conversation}"]')
    expect(row).to_be_visible(timeout=5000)
    expect(row).to_contain_text("asked for a person")
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    page.screenshot(path=str(tmp_path / "console-queue.png"))

    row.locator("button.claim").click()
    expect(page.locator("#state")).to_contain_text("claimed by sue")
    expect(page.locator("#transcript")).to_be_visible()

    # The customer writes while the agent has the conversation: it appears without a reload.
    assert (
        served.call(
            stack.desk.route_customer_message(
                conversation, stack.customer_id, "web", "Are you there? card 4111111111131234"
            )
        )
        == []
    )
    expect(page.locator("#transcript")).to_contain_text("Are you there? card ••••1234", timeout=5000)

    page.fill("#reply-text", "Hello Dana, Sue here. How can I help?")
    page.click("#send-reply")
    expect(page.locator("#transcript")).to_contain_text("Hello Dana, Sue here.")
    assert [(d.conversation_id, d.channel, d.text) for d in stack.deliverer.sent] == [
        (conversation, "web", "Hello Dana, Sue here. How can I help?")
    ]

    page.click("#return-to-bot")
    expect(page).to_have_url(f"{served.url}/console/queue")
    assert stack.resumer.resumed == [conversation]
    expect(page.locator(f'tr[data-conversation="{conversation}"]')).to_have_count(0)
    assert (
        served.call(stack.desk.route_customer_message(conversation, stack.customer_id, "web", "thanks"))
        is None
    )
