"""Issue 11, D1 + D3 + D2 on the real stack (`bankbot run`), started on ports that are not the
defaults, with Twilio pointed at a local fake of its API:

- D1: Rasa calls the action server of its own stack (ACTIONS_PORT), not whatever listens on
  5055: a balance is answered, and a decoy on 5055 is never called;
- D3: the stack's action server refuses a call without Rasa's token, and Rasa sends it (the
  balance above went through it);
- D2: a transfer above the step-up threshold sends the one-time code by SMS to the customer's
  phone; typed back, it is accepted and the money moves; no log line holds the code."""

from __future__ import annotations

import re
import socket
from decimal import Decimal

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.server import serve, wait_for
from tests.integration.channels.helpers import ALICE_PHONE, accounts_of, amount_en
from tests.support.bank import bank_state
from tests.support.chat import Customer
from tests.support.stack import start_stack
from tests.support.twilio import twilio_env

pytestmark = [pytest.mark.stack, pytest.mark.slow]

ACTIONS_TOKEN = "stack-test-actions-token-0123456789abcdef"
DEFAULT_ACTIONS_PORT = 5055


@pytest.fixture(scope="module")
def decoy():
    """Another stack's action server on the default port, when the port is free to take."""
    calls: list[str] = []

    async def webhook(request):
        calls.append((await request.body()).decode())
        return JSONResponse({"events": [], "responses": [{"text": "the other stack's bank"}]})

    app = Starlette(routes=[Route("/webhook", webhook, methods=["POST"])])
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", DEFAULT_ACTIONS_PORT))
        except OSError:
            yield None  # something else holds it: the balance test still shows the right bank
            return
    with serve(app, port=DEFAULT_ACTIONS_PORT):
        yield calls


@pytest.fixture(scope="module")
def stack(tmp_path_factory, twilio, decoy):
    tmp = tmp_path_factory.mktemp("wiring")
    env = twilio_env(
        twilio.url,
        BANKBOT_ACTIONS_TOKEN=ACTIONS_TOKEN,
        BANKBOT_DEMO_CODES_DIR=str(tmp / "codes"),  # demo mode, but Twilio configured: SMS
    )
    running = start_stack(tmp, extra_env=env)
    yield running
    running.stop()


def test_the_stack_on_other_ports_answers_a_balance_from_its_own_bank(stack, decoy):
    assert DEFAULT_ACTIONS_PORT not in stack.ports.values()
    reply = Customer(stack, "alice").say("what's my balance?")
    for account in accounts_of(stack, "alice"):
        assert account.masked_number in reply and amount_en(account.balance) in reply
    assert "other stack" not in reply
    if decoy is not None:
        assert decoy == [], "Rasa called the action server on 5055"


def test_the_stacks_action_server_refuses_a_caller_without_rasas_token(stack):
    url = f"http://127.0.0.1:{stack.ports['actions']}/webhook"
    call = {"next_action": "action_check_balance", "sender_id": "x", "tracker": {"sender_id": "x"}}
    assert httpx.post(url, json=call, timeout=30).status_code == 401
    wrong = {"Authorization": "Bearer demo-actions-token"}
    assert httpx.post(url, json=call, headers=wrong, timeout=30).status_code == 403


def test_a_large_transfers_code_goes_by_sms_and_is_never_logged(stack, twilio):
    count, before = bank_state(stack, "alice")
    _, bob_before = bank_state(stack, "bob")
    alice = Customer(stack, "alice")
    sms_before = len(twilio.to(ALICE_PHONE))
    reply = alice.converse(
        "I want to send $1500 to Bob Okafor from my checking account",
        {
            "Please confirm": "yes",
            "Which account": "checking",
            "Who would you like": "Bob Okafor",
            "How much": "1500",
        },
        done="one-time code to your phone",
    )
    texts = wait_for(lambda: twilio.to(ALICE_PHONE)[sms_before:], timeout=30)
    assert len(texts) == 1 and "one-time code" in texts[0]
    code = re.search(r"\b(\d{6})\b", texts[0]).group(1)
    assert code not in reply  # said only to the phone

    reply = alice.say(code)
    assert "sent to Bob Okafor" in reply and "$1,500.00" in reply
    count_after, after = bank_state(stack, "alice")
    _, bob_after = bank_state(stack, "bob")
    assert count_after == count + 1
    assert after["checking"] == before["checking"] - Decimal("1500")
    assert bob_after["checking"] == bob_before["checking"] + Decimal("1500")

    logs = "\n".join(p.read_text(errors="replace") for p in (stack.workdir / "logs").glob("*.log"))
    logs += "\n".join(stack.output)
    assert "action_transfer" in (stack.workdir / "logs" / "actions.log").read_text()  # a log to look in
    assert code not in logs and f"••••{code[-2:]}" not in logs
    assert not (stack.workdir / "codes").exists()  # with Twilio, no demo file
