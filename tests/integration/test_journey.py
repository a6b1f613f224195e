"""One journey through every layer, on the real stack started by `bankbot run`:
gateway → Rasa → action server → banking_backend → SQLite, in English and Chinese."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.integration.channels.helpers import accounts_of, amount_en
from tests.support.chat import Customer, answered, post_message, text_of
from tests.support.stack import pid_alive, start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = start_stack(tmp_path_factory.mktemp("journey"))
    yield running
    running.stop()


def test_a_customer_gets_their_own_balances_in_english(stack):
    reply = Customer(stack, "alice").say("what's my balance?")
    accounts = accounts_of(stack, "alice")
    assert accounts, "alice has accounts in the demo bank"
    for account in accounts:
        assert account.masked_number in reply
        assert amount_en(account.balance) in reply
    assert "balance" in reply.lower()


def test_a_chinese_speaking_customer_is_answered_in_chinese(stack):
    reply = Customer(stack, "wei").say("我的余额是多少")
    assert "余额" in reply
    for account in accounts_of(stack, "wei"):
        assert amount_en(account.balance) in reply


def test_traditional_chinese_is_answered_in_traditional_characters(stack):
    reply = Customer(stack, "wei").say("我的餘額是多少")
    assert "餘額" in reply and "余额" not in reply


def test_an_answer_written_alike_in_both_scripts_keeps_the_traditional_characters(stack):
    wei = Customer(stack, "wei")
    assert "從哪個賬戶轉出" in wei.say("轉賬給王五三百塊")
    reply = wei.say("活期")  # the same characters in both scripts
    assert "請確認" in reply and "请确认" not in reply
    assert "已取消" in wei.say("取消")


def test_without_a_token_no_account_data_is_revealed(stack):
    reply = text_of(answered(post_message(stack.gateway_url, "what's my balance?", None, sender="alice")))
    assert "sign in" in reply.lower()
    for account in accounts_of(stack, "alice"):
        assert amount_en(account.balance) not in reply
        assert account.masked_number not in reply


def test_another_customers_token_shows_only_that_customer(stack):
    token = stack.bankbot("token", "bob")
    reply = text_of(answered(post_message(stack.gateway_url, "what's my balance?", token, sender="alice")))
    for account in accounts_of(stack, "alice"):
        assert account.masked_number not in reply
    for account in accounts_of(stack, "bob"):
        assert account.masked_number in reply


def test_a_forged_token_is_refused_with_how_to_sign_in(stack):
    response = post_message(stack.gateway_url, "what's my balance?", "not-a-real-token", "tester")
    assert response.status_code == 401
    assert "sign in" in response.json()[0]["text"].lower()


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{not json", 400), (b'{"sender": "x"}', 400), (b"[1, 2]", 400)],
)
def test_malformed_requests_get_a_clear_error(stack, body, status):
    response = httpx.post(
        f"{stack.gateway_url}/webhooks/rest/webhook",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == status
    assert response.json()["error"]


def test_a_100_kb_message_is_refused_without_reaching_the_bot(stack):
    response = post_message(stack.gateway_url, "a" * 100_000, stack.bankbot("token", "alice"), "tester")
    assert response.status_code == 413
    assert "too long" in response.json()["error"]


def test_stopping_the_stack_leaves_no_process_behind(stack):
    children = stack.started_pids()
    assert len(children) == 3
    assert stack.stop() == 0
    deadline = time.monotonic() + 10
    while any(pid_alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in children if pid_alive(p)]
