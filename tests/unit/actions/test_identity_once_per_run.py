"""The signed identity is verified once per action run, and that one customer is the one every
validator of the run answers."""

from __future__ import annotations

import pytest

import actions.customer
from actions.transfers import ActionAskTransferConfirmed, ValidateTransferForm
from kernel.identity import verify_identity
from tests.unit.actions.conftest import customer_id, make_tracker, run

FULL_REQUEST = {"transfer_from_account": "savings", "transfer_payee": "Bob", "transfer_amount": "300"}


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each verification of a signed statement the actions make, as the customer it found."""
    made: list[int] = []

    def counted(*args, **kwargs):
        found = verify_identity(*args, **kwargs)
        made.append(found.customer_id if found else 0)
        return found

    monkeypatch.setattr(actions.customer, "verify_identity", counted)
    return made


def test_a_form_run_validating_three_answers_verifies_the_signature_once(bank_url, domain, verifications):
    tracker = make_tracker(
        "alice", "send 300 from savings to Bob", active_loop="transfer_form", candidates=FULL_REQUEST
    )
    ran = run(ValidateTransferForm(), tracker, domain)
    assert ran.slots["transfer_payee"] == "Bob Okafor" and ran.slots["requested_slot"] == "transfer_confirmed"
    assert verifications == [customer_id("alice")]


def test_the_summary_verifies_once_and_stores_the_operation_for_that_customer(
    bank_url, domain, verifications
):
    slots = {"transfer_from_account": "1302", "transfer_payee": "Bob Okafor", "transfer_amount": "300"}
    ran = run(ActionAskTransferConfirmed(), make_tracker("alice", "yes", slots=slots), domain)
    assert "Bob Okafor" in ran.text and ran.slots["pending_operation"] is not None
    assert verifications == [customer_id("alice")]


def test_one_action_serves_customers_one_after_another_without_mixing_them(bank_url, domain):
    validation = ValidateTransferForm()  # the action server keeps one instance for everyone
    alice = make_tracker(
        "alice", "send 300 from savings to Bob", active_loop="transfer_form", candidates=FULL_REQUEST
    )
    assert run(validation, alice, domain).slots["transfer_payee"] == "Bob Okafor"
    wei = make_tracker(
        "wei", "李娜", active_loop="transfer_form", candidates={"transfer_payee": "李娜"}, language="zh"
    )
    assert run(validation, wei, domain).slots["transfer_payee"] == "李娜"
    anonymous = make_tracker(None, "Bob", active_loop="transfer_form", candidates={"transfer_payee": "Bob"})
    stopped = run(validation, anonymous, domain)
    assert stopped.slots.get("transfer_payee") is None and "sign" in stopped.text
