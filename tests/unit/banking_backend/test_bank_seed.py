"""The demo seed: the people, accounts and history the bot's demos rely on; run twice, the
second run changes nothing."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from banking_backend import models as m
from banking_backend.seed import DEMO_USERNAMES, seed_demo_bank
from banking_backend.services import accounts, cards, credit_cards, customers, payees

SEED_TODAY = date(2026, 3, 16)  # as in conftest.py


def _snapshot(uow):
    with uow:
        s = uow.session
        return (
            [(a.number, a.balance_minor) for a in uow.accounts.all()],
            s.scalar(select(func.count()).select_from(m.Posting)),
            s.scalar(select(func.count()).select_from(m.Payee)),
            s.scalar(select(func.count()).select_from(m.Card)),
        )


def test_seeding_twice_changes_nothing(uow):
    before = _snapshot(uow)
    again = seed_demo_bank(uow, today=SEED_TODAY)
    assert _snapshot(uow) == before
    assert [c.username for c in again] == list(DEMO_USERNAMES)


def test_seed_is_the_same_for_the_same_today(empty_uow, uow):
    seed_demo_bank(empty_uow, today=SEED_TODAY)
    assert _snapshot(empty_uow)[0] == _snapshot(uow)[0]


def test_the_demo_customers(uow):
    alice = customers.find_by_username(uow, "alice")
    assert (alice.name, alice.language, alice.phone) == ("Alice Martin", "en", "+14155550101")
    bob = customers.find_by_phone(uow, "+1 415 555 0102")
    assert bob.name == "Bob Okafor"
    wei = customers.find_by_username(uow, "wei")
    assert (wei.name, wei.language, wei.phone) == ("王伟 Wang Wei", "zh", "+8613800138000")


def test_each_has_checking_savings_and_a_credit_card_with_a_current_statement(uow):
    for c in customers.list_customers(uow):
        kinds = {a.kind: a for a in accounts.list_accounts(uow, c.id)}
        assert set(kinds) == {"checking", "savings", "credit_card"}
        st = credit_cards.statement(uow, c.id, kinds["credit_card"].id)
        assert st.statement_balance > 0 and 0 < st.minimum_due <= st.statement_balance
        assert st.due_date > datetime.now(UTC).date()


def test_ninety_days_of_plausible_history(uow):
    wei = customers.find_by_username(uow, "wei")
    history = accounts.recent_transactions(uow, wei.id, limit=500)
    descriptions = {t.description for t in history}
    assert {"工资", "房租", "咖啡"} <= descriptions
    assert min(t.at for t in history).date() <= SEED_TODAY.replace(month=1)
    alice = customers.find_by_username(uow, "alice")
    merchants = {t.merchant for t in accounts.recent_transactions(uow, alice.id, limit=500)}
    assert {"Whole Foods Market", "Blue Bottle Coffee", "Northwind Traders Payroll"} <= merchants


def test_saved_payees_internal_and_external(uow):
    alice = customers.find_by_username(uow, "alice")
    saved = {p.name: p for p in payees.list_payees(uow, alice.id)}
    assert saved["Bob Okafor"].internal and not saved["Landlord Properties"].internal
    wei = customers.find_by_username(uow, "wei")
    names = {p.name for p in payees.list_payees(uow, wei.id)}
    assert {"李娜", "王五"} <= names


def test_debit_and_credit_cards_one_inactive_for_the_activation_demo(uow):
    statuses = []
    for c in customers.list_customers(uow):
        own = cards.list_cards(uow, c.id)
        assert {k.kind for k in own} == {"debit", "credit"}
        statuses += [k.status for k in own]
    assert "inactive" in statuses


def test_seeded_ledger_balances_and_matches_account_balances(uow):
    with uow:
        assert uow.ledger.unbalanced_entries() == []
        for account in uow.accounts.all():
            assert uow.ledger.sum_for_account(account.id) == account.balance_minor


def test_the_reference_data_is_seeded_once_and_the_banks_edits_stay(uow, clock):
    from decimal import Decimal

    from sqlalchemy import func, select

    from banking_backend import models as m
    from banking_backend.seed import seed_demo_bank
    from banking_backend.services import exchange_rates
    from tests.unit.banking_backend.conftest import SEED_TODAY

    def counts():
        with uow:
            return [
                uow.session.scalar(select(func.count()).select_from(t))
                for t in (m.ExchangeRate, m.Branch, m.BranchHours, m.Product, m.Fee)
            ]

    before = counts()
    assert all(before)
    exchange_rates.publish_rate(uow, "USD", "CNY", Decimal("7.3000"), SEED_TODAY)
    seed_demo_bank(uow, today=SEED_TODAY)
    assert counts() == before
    assert exchange_rates.rate(uow, "USD", "CNY").rate == Decimal("7.3000")
