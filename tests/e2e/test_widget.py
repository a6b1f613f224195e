"""The web widget in headless Chromium (Playwright) on the real stack: sign in to the demo bank,
chat, click a chip, see the answer, survive a dropped connection; then the same customer goes on
by SMS (a local fake of Twilio records what is sent) in the same conversation."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kernel.identity import conversation_id_for
from tests.e2e.browser import bot_texts, open_chat, send, wait_for_bot_messages, wait_for_bot_text
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import (
    ALICE_PHONE,
    accounts_of,
    amount_en,
    customer_id,
    post_sms,
    user_events,
)
from tests.support.stack import start_stack
from tests.support.twilio import twilio_env

pytestmark = [pytest.mark.stack, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def stack(tmp_path_factory, twilio):
    running = start_stack(tmp_path_factory.mktemp("widget"), extra_env=twilio_env(twilio.url))
    yield running
    running.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone-sized screen
    page = context.new_page()
    yield page
    context.close()


def test_a_signed_in_customer_chats_clicks_a_chip_and_sees_their_balances(page, stack):
    open_chat(page, stack.gateway_url, "alice")
    send(page, "hello")
    wait_for_bot_messages(page, 1)
    page.get_by_test_id("chat-chip").filter(has_text="balance").first.click()
    account = accounts_of(stack, "alice")[0]
    wait_for_bot_text(page, account.masked_number, timeout=60_000)
    text = bot_texts(page)
    for account in accounts_of(stack, "alice"):
        assert amount_en(account.balance) in text
    panel = page.get_by_test_id("chat-panel").bounding_box()
    assert panel["width"] <= 390, "the panel fits a phone-sized screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-alice.png"), full_page=True)


def test_a_chinese_customer_sees_a_chinese_widget(page, stack):
    open_chat(page, stack.gateway_url, "wei")
    assert page.get_by_test_id("chat-input").get_attribute("placeholder") == "请输入您的问题…"
    page.get_by_test_id("chat-chip").filter(has_text="余额").first.click()
    wait_for_bot_text(page, "余额", timeout=60_000)


def test_an_anonymous_visitor_chats_without_account_data(page, stack):
    open_chat(page, stack.gateway_url)
    send(page, "what's my balance?")
    wait_for_bot_messages(page, 1)
    text = bot_texts(page)
    for account in accounts_of(stack, "alice"):
        assert amount_en(account.balance) not in text


def test_a_message_sent_while_the_connection_is_down_is_delivered_once_after_reconnecting(page, stack):
    open_chat(page, stack.gateway_url, "bob")
    conversation = conversation_id_for(customer_id(stack, "bob"))
    before = len(user_events(stack, conversation))
    page.evaluate("window.BankChat.dropConnection()")
    send(page, "what's my balance?")
    page.wait_for_function("() => window.BankChat.pending().length === 0", timeout=30_000)
    wait_for_bot_messages(page, 1, timeout=60_000)
    assert accounts_of(stack, "bob")[0].masked_number in bot_texts(page)
    assert len(user_events(stack, conversation)) == before + 1


def test_a_conversation_begun_on_the_web_goes_on_by_sms(page, stack, twilio):
    open_chat(page, stack.gateway_url, "alice")
    send(page, "hello")
    wait_for_bot_messages(page, 1)
    conversation = conversation_id_for(customer_id(stack, "alice"))
    post_sms(stack, ALICE_PHONE, "what's my balance?", "SMcontinue1")
    text = "\n".join(wait_for(lambda: twilio.to(ALICE_PHONE)))
    assert accounts_of(stack, "alice")[0].masked_number in text
    channels = [e["metadata"].get("channel") for e in user_events(stack, conversation)]
    assert "web" in channels and channels[-1] == "sms", "one conversation, each message's channel kept"


def _dialogue_has_a_transfer_form() -> bool:
    domain = (ROOT / "domain.yml").read_text(encoding="utf-8")
    return re.search(r"^\s+transfer\w*_form:", domain, re.MULTILINE) is not None


@pytest.mark.skipif(
    not _dialogue_has_a_transfer_form(), reason="the transfer form is not in the dialogue yet"
)
def test_a_transfer_begun_on_the_web_and_confirmed_by_sms_moves_the_money_once(page, stack, twilio):
    """Begin a transfer on the web, answer the bot's next question and confirm by SMS (a numbered
    option), then let Twilio retry the confirming SMS: the money moves exactly once."""
    checking_before = accounts_of(stack, "alice")[0].balance
    open_chat(page, stack.gateway_url, "alice")
    send(page, "transfer 25 to Bob Okafor")
    wait_for_bot_text(page, "Which account", timeout=30_000)
    twilio.clear()

    post_sms(stack, ALICE_PHONE, "from checking", "SMtransfer1")  # the same form, now by SMS
    (summary,) = wait_for(lambda: twilio.to(ALICE_PHONE))
    assert "Bob Okafor" in summary and "$25.00" in summary
    confirm = re.search(r"(\d)\. (Yes|Confirm)", summary)
    assert confirm, f"the confirmation is offered as a numbered option: {summary!r}"

    post_sms(stack, ALICE_PHONE, confirm.group(1), "SMtransfer2")
    wait_for(lambda: len(twilio.to(ALICE_PHONE)) >= 2)
    assert checking_before - accounts_of(stack, "alice")[0].balance == 25

    post_sms(stack, ALICE_PHONE, confirm.group(1), "SMtransfer2")  # Twilio retrying the same message
    time.sleep(3)
    assert checking_before - accounts_of(stack, "alice")[0].balance == 25
    assert len(twilio.to(ALICE_PHONE)) == 2, "the retried message was not answered again"
