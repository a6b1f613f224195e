"""A transfer as the customer described it (last four digits, a payee's name), resolved by the
bank to the customer's own rows, or refused."""

import pytest

from banking_backend.domain.errors import AccountNotFound, PayeeNotFound
from banking_backend.services import accounts, transfers


def last4(uow, customer_id: int, kind: str) -> str:
    return next(a.last4 for a in accounts.list_accounts(uow, customer_id) if a.kind == kind)


def test_a_payee_named_in_part_is_the_saved_payee_and_the_digits_name_the_source(uow, demo):
    request = transfers.resolve_request(uow, demo.alice, last4(uow, demo.alice, "savings"), payee_name="bob")
    assert request.source.id == demo.account("alice", "savings")
    assert request.payee is not None and request.payee.name == "Bob Okafor"
    assert request.destination == {"to_account_id": None, "payee_id": demo.payee("alice", "Bob Okafor")}


def test_the_last_four_digits_of_another_own_account_make_it_the_destination(uow, demo):
    checking, savings = last4(uow, demo.wei, "checking"), last4(uow, demo.wei, "savings")
    request = transfers.resolve_request(uow, demo.wei, checking, to_account_last4=savings)
    assert request.destination == {"to_account_id": demo.account("wei", "savings"), "payee_id": None}
    assert request.to_account is not None and request.to_account.kind == "savings"


def test_someone_elses_digits_or_a_credit_card_are_no_source(uow, demo):
    with pytest.raises(AccountNotFound):  # Bob's checking account is not Alice's
        transfers.resolve_request(uow, demo.alice, last4(uow, demo.bob, "checking"), payee_name="Bob")
    with pytest.raises(AccountNotFound):  # money is not sent from a credit card
        transfers.resolve_request(uow, demo.alice, last4(uow, demo.alice, "credit_card"), payee_name="Bob")
    with pytest.raises(AccountNotFound):  # nor paid into one by a transfer between own accounts
        transfers.resolve_request(
            uow,
            demo.alice,
            last4(uow, demo.alice, "checking"),
            to_account_last4=last4(uow, demo.alice, "credit_card"),
        )


def test_an_unknown_payee_is_refused_with_the_saved_payees(uow, demo):
    with pytest.raises(PayeeNotFound) as refused:
        transfers.resolve_request(uow, demo.wei, last4(uow, demo.wei, "checking"), payee_name="赵六")
    assert "王五" in refused.value.saved_payees
