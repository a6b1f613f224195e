"""On the real stack (Rasa, actions, bank), by SMS through signed Twilio webhooks and the local
Twilio fake: a transfer is confirmed with "1" or a typed "yes", cancelled with "2", and the
customer is still opted in afterwards (no word of the dialogue was taken as a carrier keyword)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from tests.fakes.server import wait_for
from tests.integration.channels.helpers import ALICE_PHONE, post_sms
from tests.support.bank import bank_state
from tests.support.stack import start_stack
from tests.support.twilio import twilio_env

pytestmark = [pytest.mark.stack, pytest.mark.slow]

_sids = itertools.count(1)
TRANSFER = "I want to send ${amount} to Bob Okafor from my checking account"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, twilio):
    running = start_stack(tmp_path_factory.mktemp("sms-dialogue"), extra_env=twilio_env(twilio.url))
    yield running
    running.stop()


def text(stack, twilio, body: str, until: str) -> str:
    """Text `body` from alice; everything sent back until a message containing `until`."""
    before = len(twilio.to(ALICE_PHONE))
    assert post_sms(stack, ALICE_PHONE, body, f"SMdlg{next(_sids):05d}").status_code == 200

    def answered() -> str | None:
        sent = "\n".join(twilio.to(ALICE_PHONE)[before:])
        return sent if until in sent else None

    return wait_for(answered, timeout=90)


def opted_out(stack) -> bool:
    from channels.settings import channels_database_url
    from channels.store import GatewayStore

    store = GatewayStore(channels_database_url(stack.env))
    try:
        return store.opted_out(ALICE_PHONE)
    finally:
        store.close()


@pytest.mark.parametrize("confirm", ["1", "yes"])
def test_a_transfer_confirmed_by_sms_is_made_and_the_customer_stays_opted_in(stack, twilio, confirm):
    count, before = bank_state(stack, "alice")
    summary = text(stack, twilio, TRANSFER.format(amount=25), until="Please confirm")
    assert "1. Yes" in summary and "2. No" in summary and "Reply 1 or 2" in summary
    done = text(stack, twilio, confirm, until="sent to Bob Okafor")
    assert "$25.00" in done
    count_after, after = bank_state(stack, "alice")
    assert count_after == count + 1
    assert after["checking"] == before["checking"] - Decimal("25")
    assert not opted_out(stack)


def test_a_transfer_cancelled_with_2_moves_no_money_and_the_customer_stays_opted_in(stack, twilio):
    count, before = bank_state(stack, "alice")
    text(stack, twilio, TRANSFER.format(amount=40), until="Please confirm")
    cancelled = text(stack, twilio, "2", until="cancelled")
    assert "No money was sent" in cancelled
    assert bank_state(stack, "alice") == (count, before)
    assert not opted_out(stack)
    assert "$" in text(stack, twilio, "what's my balance?", until="$")
