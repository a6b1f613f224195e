"""One journey through every layer, on the real stack started by `bankbot run`:
gateway → Rasa → action server → banking_backend → SQLite, in English and Chinese."""

from __future__ import annotations

import time
from decimal import Decimal

import httpx
import pytest

from tests.support.stack import pid_alive, start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = start_stack(tmp_path_factory.mktemp("journey"))
    yield running
    running.stop()


def balances_of(stack, username: str) -> list:
    """The customer's accounts as the bank's own service reports them, from the test's database."""
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import accounts, customers
    from banking_backend.unit_of_work import SqlUnitOfWork

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        with SqlUnitOfWork(make_session_factory(engine)) as uow:
            customer = customers.find_by_username(uow, username)
            return accounts.list_accounts(uow, customer.id)
    finally:
        engine.dispose()


def ask(stack, message: str, token: str | None, sender: str = "tester") -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(
        f"{stack.gateway_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        headers=headers,
        timeout=60,
    )


def text_of(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return "\n".join(m.get("text", "") for m in response.json())


def amount_en(value: Decimal) -> str:
    return f"{abs(value):,.2f}"


def test_a_customer_gets_their_own_balances_in_english(stack):
    token = stack.bankbot("token", "alice")
    reply = text_of(ask(stack, "what's my balance?", token))
    accounts = balances_of(stack, "alice")
    assert accounts, "alice has accounts in the demo bank"
    for account in accounts:
        assert account.masked_number in reply
        assert amount_en(account.balance) in reply
    assert "balance" in reply.lower()


def test_a_chinese_speaking_customer_is_answered_in_chinese(stack):
    token = stack.bankbot("token", "wei")
    reply = text_of(ask(stack, "我的余额是多少", token))
    assert "余额" in reply
    for account in balances_of(stack, "wei"):
        assert amount_en(account.balance) in reply


def test_traditional_chinese_is_answered_in_traditional_characters(stack):
    token = stack.bankbot("token", "wei")
    reply = text_of(ask(stack, "我的餘額是多少", token))
    assert "餘額" in reply and "余额" not in reply


def test_without_a_token_no_account_data_is_revealed(stack):
    reply = text_of(ask(stack, "what's my balance?", None, sender="alice"))
    assert "sign in" in reply.lower()
    for account in balances_of(stack, "alice"):
        assert amount_en(account.balance) not in reply
        assert account.masked_number not in reply


def test_another_customers_token_shows_only_that_customer(stack):
    token = stack.bankbot("token", "bob")
    reply = text_of(ask(stack, "what's my balance?", token, sender="alice"))
    for account in balances_of(stack, "alice"):
        assert account.masked_number not in reply
    for account in balances_of(stack, "bob"):
        assert account.masked_number in reply


def test_a_forged_token_is_refused_with_how_to_sign_in(stack):
    response = ask(stack, "what's my balance?", "not-a-real-token")
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
    response = ask(stack, "a" * 100_000, stack.bankbot("token", "alice"))
    assert response.status_code == 413
    assert "too long" in response.json()["error"]


def test_stopping_the_stack_leaves_no_process_behind(stack):
    children = stack.child_pids()
    assert len(children) == 3
    assert stack.stop() == 0
    deadline = time.monotonic() + 10
    while any(pid_alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in children if pid_alive(p)]
