"""Credit cards: the statement, and repaying the minimum, the statement balance or an amount."""

from decimal import Decimal

import pytest

from banking_backend.domain.errors import (
    AccountNotFound,
    DuplicateIdempotencyKey,
    InsufficientFunds,
    InvalidAmount,
    NothingToPay,
)
from banking_backend.services import accounts, credit_cards


def test_statement_shows_balance_minimum_and_due_date(uow, demo):
    st = credit_cards.statement(uow, demo.alice, demo.account("alice", "credit_card"))
    assert st.currency == "USD" and st.credit_limit == Decimal("5000.00")
    assert st.remaining_minimum == st.minimum_due and st.paid == 0
    assert st.available_credit == st.credit_limit - st.current_balance


def test_paying_the_minimum_then_the_rest_of_the_statement(uow, demo):
    card, chk = demo.account("alice", "credit_card"), demo.account("alice", "checking")
    st = credit_cards.statement(uow, demo.alice, card)
    chk0 = accounts.get_account(uow, demo.alice, chk).balance
    paid = credit_cards.pay_statement(
        uow, demo.alice, card, chk, "minimum", idempotency_key="min", channel="web"
    )
    assert paid.transfer.amount == st.minimum_due
    assert paid.statement.remaining_minimum == 0
    assert paid.statement.remaining_statement == st.statement_balance - st.minimum_due
    with pytest.raises(NothingToPay):
        credit_cards.pay_statement(
            uow, demo.alice, card, chk, "minimum", idempotency_key="min2", channel="web"
        )
    rest = credit_cards.pay_statement(
        uow, demo.alice, card, chk, "statement", idempotency_key="rest", channel="web"
    )
    assert rest.statement.remaining_statement == 0
    assert accounts.get_account(uow, demo.alice, chk).balance == chk0 - st.statement_balance


def test_a_repayment_retried_with_its_key_pays_once(uow, demo):
    card, chk = demo.account("bob", "credit_card"), demo.account("bob", "checking")
    first = credit_cards.pay_statement(
        uow, demo.bob, card, chk, "minimum", idempotency_key="r", channel="sms"
    )
    again = credit_cards.pay_statement(
        uow, demo.bob, card, chk, "minimum", idempotency_key="r", channel="sms"
    )
    assert again.transfer == first.transfer and again.transfer.replayed
    with pytest.raises(DuplicateIdempotencyKey):
        credit_cards.pay_statement(uow, demo.bob, card, chk, "statement", idempotency_key="r", channel="sms")


def test_paying_a_chosen_amount_but_not_more_than_owed(uow, demo):
    card, chk = demo.account("wei", "credit_card"), demo.account("wei", "checking")
    owed = credit_cards.statement(uow, demo.wei, card).current_balance
    with pytest.raises(InvalidAmount):
        credit_cards.pay_statement(
            uow, demo.wei, card, chk, "amount", amount=owed + 1, idempotency_key="a", channel="web"
        )
    paid = credit_cards.pay_statement(
        uow, demo.wei, card, chk, "amount", amount=Decimal("100"), idempotency_key="b", channel="web"
    )
    assert paid.statement.current_balance == owed - 100


def test_repaying_needs_the_money_and_the_customers_own_accounts(uow, demo):
    card = demo.account("bob", "credit_card")
    bob_sav = demo.account("bob", "savings")
    accounts_before = accounts.get_account(uow, demo.bob, bob_sav).balance
    from banking_backend.services import transfers

    transfers.transfer(
        uow,
        demo.bob,
        bob_sav,
        to_account_id=demo.account("bob", "checking"),
        amount=accounts_before,
        currency="USD",
        idempotency_key="empty",
        channel="web",
    )
    with pytest.raises(InsufficientFunds):
        credit_cards.pay_statement(
            uow, demo.bob, card, bob_sav, "minimum", idempotency_key="x", channel="web"
        )
    with pytest.raises(AccountNotFound):
        credit_cards.pay_statement(
            uow,
            demo.alice,
            card,
            demo.account("alice", "checking"),
            "minimum",
            idempotency_key="y",
            channel="web",
        )
    with pytest.raises(AccountNotFound):
        credit_cards.statement(uow, demo.alice, card)
