"""A transfer's summary says plainly what is left in the account and keeps the overdraft apart
(issue 14, item 5): "$7,989.29 left in Everyday Checking; your $500 overdraft is still available",
never a balance with the overdraft silently added to it."""

from __future__ import annotations

from decimal import Decimal

from actions.money_format import format_money
from actions.transfers import ActionAskTransferConfirmed
from banking_backend.services import accounts
from tests.unit.actions.conftest import customer_id, make_tracker, run


def checking(username: str):
    from actions.bank import unit_of_work

    return next(
        a for a in accounts.list_accounts(unit_of_work(), customer_id(username)) if a.kind == "checking"
    )


def summary(username: str, amount: Decimal, language: str = "en") -> str:
    account = checking(username)
    slots = {
        "transfer_from_account": account.last4,
        "transfer_payee": "Bob Okafor" if username == "alice" else "李娜",
        "transfer_amount": str(amount),
    }
    return run(ActionAskTransferConfirmed(), make_tracker(username, slots=slots, language=language), {}).text


def test_the_summary_says_what_is_left_and_the_overdraft_apart(bank_url):
    account = checking("alice")
    overdraft = account.available - account.balance
    assert overdraft > 0, "alice's checking account has an overdraft in the demo bank"
    said = summary("alice", Decimal("20"))
    assert f"{format_money(account.balance - 20, 'USD', 'en')} will be left in" in said
    assert f"your {format_money(overdraft, 'USD', 'en')} overdraft is still available" in said
    assert format_money(account.available - 20, "USD", "en") not in said  # balance + overdraft


def test_a_transfer_into_the_overdraft_says_how_far_and_what_is_left_of_it(bank_url):
    account = checking("alice")
    overdraft = account.available - account.balance
    said = summary("alice", account.balance + 100)
    assert f"{format_money(Decimal(100), 'USD', 'en')} into your overdraft" in said
    assert (
        f"{format_money(overdraft - 100, 'USD', 'en')} of your {format_money(overdraft, 'USD', 'en')}" in said
    )


def test_without_an_overdraft_only_what_is_left_is_said_in_chinese(bank_url):
    account = checking("wei")
    said = summary("wei", Decimal("100"), "zh")
    assert f"转账后余额为 {format_money(account.balance - 100, account.currency, 'zh')}" in said
    if account.available == account.balance:
        assert "透支" not in said
