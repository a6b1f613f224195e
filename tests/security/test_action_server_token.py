"""Issue 11, D3 (first half): the action server serves only Rasa. Rasa sends the shared secret
BANKBOT_ACTIONS_TOKEN with every action call; our action server (`python -m actions.server`)
refuses any call to the webhook without it or with another, so whoever reaches the loopback
port cannot replay an identity read from the tracker store straight to action_transfer_submit.
A real action server process, called over HTTP."""

from __future__ import annotations

import os
import subprocess
import time

import httpx
import pytest

from bankbot_cli.launched_stack import free_port
from bankbot_cli.paths import APP_VENV, ROOT

TOKEN = "test-actions-token-0123456789-abcdefghij"
# What Rasa posts to the webhook for the balance action of an anonymous conversation.
ACTION_CALL = {
    "next_action": "action_check_balance",
    "sender_id": "someone",
    "version": "3.6.21",
    "domain": {},
    "tracker": {
        "sender_id": "someone",
        "slots": {},
        "latest_message": {"text": "balance", "intent": {"name": "check_balance"}, "metadata": {}},
        "events": [],
        "latest_event_time": 0,
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    },
}


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BANKBOT_ACTIONS_TOKEN": TOKEN,
        "SANIC_HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('actions') / 'bank.db'}",
    }
    process = subprocess.Popen(
        [str(APP_VENV / "bin" / "python"), "-m", "actions.server", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert process.poll() is None, "the action server exited"
        assert time.monotonic() < deadline, "the action server did not start"
        time.sleep(0.3)
    yield url
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


def test_a_webhook_call_without_the_token_is_refused(action_server):
    response = httpx.post(f"{action_server}/webhook", json=ACTION_CALL, timeout=30)
    assert response.status_code == 401
    assert "sign-in needed" not in response.text.lower() and "events" not in response.text


def test_a_webhook_call_with_a_wrong_token_is_refused(action_server):
    for wrong in ("Bearer not-the-token", f"Bearer {TOKEN[:-1]}", TOKEN, f"Basic {TOKEN}"):
        response = httpx.post(
            f"{action_server}/webhook", json=ACTION_CALL, headers={"Authorization": wrong}, timeout=30
        )
        assert response.status_code == 403, wrong
        assert "events" not in response.text


def test_a_token_in_the_query_string_is_not_taken(action_server):
    response = httpx.post(f"{action_server}/webhook", params={"token": TOKEN}, json=ACTION_CALL, timeout=30)
    assert response.status_code == 401


def test_the_action_list_is_refused_without_the_token(action_server):
    assert httpx.get(f"{action_server}/actions", timeout=30).status_code == 401


def test_a_call_with_the_token_is_served(action_server):
    response = httpx.post(
        f"{action_server}/webhook",
        json=ACTION_CALL,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    said = " ".join(r.get("text") or "" for r in response.json()["responses"])
    assert "sign in" in said.lower()  # the anonymous caller is asked to sign in


def test_health_stays_open_for_the_supervisor(action_server):
    assert httpx.get(f"{action_server}/health", timeout=5).json() == {"status": "ok"}
