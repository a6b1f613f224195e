"""SIGKILL the action server, Rasa or the gateway in the middle of a conversation and in the middle
of a transfer, on the real stack: the supervisor restarts it, the conversation goes on, and the
money moves at most once.

A proxy between Rasa and the action server holds back the reply to `action_transfer_submit`,
so "killed after the bank committed the transfer, before Rasa heard of it" is a moment the test
chooses, not a race. One stack serves the whole module; every test leaves its customer's form
finished, except the last two, which use their own customer."""

from __future__ import annotations

import os
import signal
from decimal import Decimal

import pytest

from tests.faults.bank_checks import balance, ledger_faults, transfer_count
from tests.faults.holding_proxy import HoldingProxy
from tests.faults.stack_output import lines_with, wait_for_line
from tests.support.chat import TRY_AGAIN, Customer, text_of
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]

SUBMIT = "action_transfer_submit"
CONFIRM = "Please confirm"
HUNG_AFTER = 8  # seconds a ready child may leave its health check unanswered (30 by default)


@pytest.fixture(scope="module")
def proxy():
    holding = HoldingProxy()
    yield holding
    holding.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, proxy):
    running = start_stack(
        tmp_path_factory.mktemp("kills"),
        action_endpoint_port=proxy.port,
        extra_env={"BANKBOT_HUNG_AFTER": str(HUNG_AFTER)},
    )
    proxy.upstream_port = running.ports["actions"]
    yield running
    running.stop()
    assert not ledger_faults(running.env["DATABASE_URL"])


@pytest.fixture(autouse=True)
def nothing_held(proxy):
    yield
    proxy.release()


def kill(stack, service: str) -> None:
    """SIGKILL the service and whatever it spawned (Sanic's workers), as a crash or the OOM killer would."""
    os.killpg(stack.pid_of(service), signal.SIGKILL)


def restarted(stack, service: str) -> None:
    """Until the supervisor has restarted `service` once more and it answers its health check."""
    wait_for_line(
        stack, f"{service} stopped unexpectedly", lines_with(stack, f"{service} is ready again") + 1
    )
    wait_for_line(stack, f"{service} is ready again", lines_with(stack, f"{service} stopped unexpectedly"))


def at_confirmation(customer: Customer, amount: int, payee: str) -> None:
    reply = customer.say(f"I want to send ${amount} to {payee} from checking")
    assert CONFIRM in reply and f"${amount}.00" in reply, reply


def commit_then_hold(stack, proxy, customer: Customer):
    """Say "yes" and hold back the action server's reply once the bank has made the transfer."""
    db = stack.env["DATABASE_URL"]
    before = transfer_count(db, customer.username)
    proxy.hold_reply_to(SUBMIT)
    pending = customer.send_in_background("yes")
    assert proxy.holding.wait(120), "the transfer action was never called"
    assert transfer_count(db, customer.username) == before + 1, "the bank made the transfer"
    return pending


def test_the_action_server_killed_mid_form_is_restarted_and_the_form_goes_on(stack):
    alice = Customer(stack, "alice")
    assert "Which account" in alice.say("I want to send $12 to Bob Okafor")
    kill(stack, "actions")
    during = alice.send("checking")
    if during.status_code == 503:  # the action server was still down: told so, and the retry works
        assert TRY_AGAIN in text_of(during)
        restarted(stack, "actions")
        during = alice.send("checking")
    else:
        restarted(stack, "actions")
    assert during.status_code == 200
    assert CONFIRM in text_of(during) and "$12.00" in text_of(during), "the form went on where it was"
    assert "sent to Bob Okafor" in alice.say("yes")


def test_an_action_server_frozen_then_killed_before_paying_moves_the_money_once_on_retry(stack):
    db = stack.env["DATABASE_URL"]
    alice = Customer(stack, "alice")
    at_confirmation(alice, 15, "Bob Okafor")
    count, alice_before, bob_before = transfer_count(db, "alice"), balance(db, "alice"), balance(db, "bob")
    # Frozen, it takes the call and never answers: the "yes" is in flight and nothing is paid.
    os.killpg(stack.pid_of("actions"), signal.SIGSTOP)
    pending = alice.send_in_background("yes")
    assert transfer_count(db, "alice") == count
    kill(stack, "actions")
    pending.wait()
    assert pending.response.status_code == 503 and TRY_AGAIN in text_of(pending.response)
    assert transfer_count(db, "alice") == count, "nothing was paid, and the customer was not told otherwise"
    restarted(stack, "actions")
    assert "Done: $15.00 sent to Bob Okafor" in alice.say("yes")
    assert transfer_count(db, "alice") == count + 1
    assert balance(db, "alice") == alice_before - Decimal(15)
    assert balance(db, "bob") == bob_before + Decimal(15)


def test_a_frozen_action_server_is_killed_by_the_supervisor_and_the_form_goes_on(stack):
    """Alive and holding its port but answering nothing (a deadlock): nobody kills it by hand."""
    db = stack.env["DATABASE_URL"]
    alice = Customer(stack, "alice")
    at_confirmation(alice, 17, "Bob Okafor")
    count = transfer_count(db, "alice")
    os.killpg(stack.pid_of("actions"), signal.SIGSTOP)
    wait_for_line(stack, "actions has not answered its health check", timeout=HUNG_AFTER * 4)
    restarted(stack, "actions")
    assert transfer_count(db, "alice") == count
    assert "Done: $17.00 sent to Bob Okafor" in alice.say("yes")
    assert transfer_count(db, "alice") == count + 1


def test_rasa_killed_after_the_bank_paid_keeps_the_form_and_a_retried_yes_does_not_pay_twice(stack, proxy):
    db = stack.env["DATABASE_URL"]
    alice = Customer(stack, "alice")
    at_confirmation(alice, 21, "Bob Okafor")
    count, alice_before = transfer_count(db, "alice"), balance(db, "alice")
    pending = commit_then_hold(stack, proxy, alice)
    kill(stack, "rasa")
    proxy.release()
    pending.wait()
    assert pending.response.status_code == 503 and TRY_AGAIN in text_of(pending.response)
    down = alice.send("yes")  # while Rasa loads again (~35 s): a clear answer, not silence
    assert down.status_code == 503 and TRY_AGAIN in text_of(down)
    restarted(stack, "rasa")
    # Rasa saves a tracker when a message is done: the killed turn is gone, the form waits at the
    # summary (read back from the tracker store), and the transfer's idempotency key finds the payment.
    reply = alice.say("yes")
    assert "already made: $21.00 to Bob Okafor" in reply and "didn't send it twice" in reply
    assert transfer_count(db, "alice") == count + 1
    assert balance(db, "alice") == alice_before - Decimal(21)


def test_the_gateway_killed_mid_transfer_comes_back_and_the_same_session_goes_on(stack, proxy):
    db = stack.env["DATABASE_URL"]
    alice = Customer(stack, "alice")
    at_confirmation(alice, 23, "Bob Okafor")
    count, alice_before = transfer_count(db, "alice"), balance(db, "alice")
    pending = commit_then_hold(stack, proxy, alice)
    kill(stack, "gateway")
    proxy.release()
    pending.wait()
    assert pending.error is not None, "the customer's connection died with the gateway"
    restarted(stack, "gateway")
    # The customer (or Twilio) sends "yes" again, with the same session token.
    reply = alice.say("yes")
    assert "Done:" not in reply, "no second payment is announced"
    assert transfer_count(db, "alice") == count + 1
    assert balance(db, "alice") == alice_before - Decimal(23)
    assert f"{balance(db, 'alice'):,.2f}" in alice.say("what's my balance?")


def test_an_action_server_killed_after_the_bank_paid_never_pays_twice(stack, proxy):
    db = stack.env["DATABASE_URL"]
    bob = Customer(stack, "bob")
    at_confirmation(bob, 31, "Alice Martin")
    count, bob_before = transfer_count(db, "bob"), balance(db, "bob")
    pending = commit_then_hold(stack, proxy, bob)
    kill(stack, "actions")
    proxy.drop()  # Rasa's call dies with the action server
    pending.wait()
    assert pending.response.status_code == 503 and TRY_AGAIN in text_of(pending.response)
    restarted(stack, "actions")
    # Rasa lost the action's events: the form is over, its slots are not cleared. The retry must
    # not pay again nor claim that nothing happened.
    reply = bob.say("yes")
    assert "Done:" not in reply and "cancel" not in reply.lower()
    assert transfer_count(db, "bob") == count + 1
    assert f"{bob_before - Decimal(31):,.2f}" in bob.say("what's my balance?")


def test_after_a_lost_transfer_reply_the_next_transfer_is_confirmed_again(stack):
    """The confirmation Rasa failed to clear (the lost reply's events) is not taken for this one's."""
    db = stack.env["DATABASE_URL"]
    bob = Customer(stack, "bob")
    count = transfer_count(db, "bob")
    reply = bob.say("I want to send $5 to Alice Martin from checking")
    assert transfer_count(db, "bob") == count, "no money moved without the customer's yes"
    assert CONFIRM in reply
