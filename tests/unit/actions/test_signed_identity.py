"""Actions take the customer only from a statement signed for the message they answer."""

from __future__ import annotations

from actions.balance import ActionCheckBalance
from kernel.identity import sign_identity
from tests.unit.actions.conftest import customer_id, make_tracker, run


def _with_statement_for(tracker, text: str, conversation: str):
    event = tracker.events[-1]
    event["metadata"] = {"identity": sign_identity(customer_id("alice"), "rest", conversation, text)}
    return tracker


def test_a_statement_signed_for_this_message_shows_the_balances(bank_url, domain):
    tracker = make_tracker("alice", "what's my balance?", intent="check_balance")
    assert "Here are your balances" in run(ActionCheckBalance(), tracker, domain).text


def test_a_statement_signed_for_another_text_is_refused(bank_url, domain):
    tracker = make_tracker("alice", "what's my balance?", intent="check_balance")
    _with_statement_for(tracker, "hello", tracker.sender_id)
    ran = run(ActionCheckBalance(), tracker, domain)
    assert "not signed in" in ran.text and "balances" not in ran.text


def test_a_statement_signed_for_another_conversation_is_refused(bank_url, domain):
    tracker = make_tracker("alice", "what's my balance?", intent="check_balance")
    _with_statement_for(tracker, "what's my balance?", "customer-999")
    assert "not signed in" in run(ActionCheckBalance(), tracker, domain).text
