"""Headless Chromium for the browser tests (Playwright), and the web chat widget as a customer
uses it: open it (signed in to the demo bank or not), send a message, wait for the bot."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("BANKBOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BOT_MESSAGES = "[data-testid=chat-bot-message]"
HAS_BOT_TEXT = f"t => [...document.querySelectorAll('{BOT_MESSAGES}')].some(e => e.innerText.includes(t))"
BOT_COUNT = f"document.querySelectorAll('{BOT_MESSAGES}').length"


def open_chat(page, gateway_url: str, username: str | None = None) -> None:
    """Open the widget on the bank's page, signed in as `username` (a demo customer) or not,
    and wait until it is connected."""
    if username is None:
        page.goto(f"{gateway_url}/")
    else:
        page.goto(f"{gateway_url}/signin")
        page.get_by_test_id(f"signin-{username}").click()
        page.wait_for_url(f"{gateway_url}/")
    page.get_by_test_id("chat-launcher").click()
    page.wait_for_selector('[data-testid=chat-panel][data-connected="true"]')


def send(page, text: str) -> int:
    """Send a message from the widget; the number of bot bubbles before it."""
    before = page.evaluate(BOT_COUNT)
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-send").click()
    return before


def wait_for_bot_text(page, text: str, timeout: float = 60_000) -> None:
    page.wait_for_function(HAS_BOT_TEXT, arg=text, timeout=timeout)


def wait_for_bot_messages(page, count: int, timeout: float = 30_000) -> None:
    """Until the widget shows at least `count` bot bubbles."""
    page.wait_for_function(f"n => {BOT_COUNT} >= n", arg=count, timeout=timeout)


def bot_texts(page) -> str:
    return "\n".join(page.locator(BOT_MESSAGES).all_inner_texts())
