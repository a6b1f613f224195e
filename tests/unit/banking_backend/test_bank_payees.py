"""Saved payees: internal or external, found by name."""

import pytest

from banking_backend.domain.errors import (
    PayeeNotFound,
)
from banking_backend.services import payees


def test_add_payee_recognises_accounts_at_this_bank(uow, demo):
    p = payees.add_payee(uow, demo.bob, "Wang Wei", "6200 0003 3201", channel="web")
    assert p.internal and not p.trusted and p.masked_number == "••••3201"
    again = payees.add_payee(uow, demo.bob, "Wang Wei", "620000033201", channel="web")
    assert again.id == p.id
    ext = payees.add_payee(uow, demo.bob, "Corner Shop", "GB00 1234", bank_name="Barclays", channel="web")
    assert not ext.internal


def test_find_payee_by_name_or_say_which_payees_there_are(uow, demo):
    assert payees.find_payee(uow, demo.wei, "李娜").name == "李娜"
    assert payees.find_payee(uow, demo.alice, "bob").name == "Bob Okafor"
    with pytest.raises(PayeeNotFound) as error:
        payees.find_payee(uow, demo.wei, "赵六")
    assert "王五" in error.value.saved_payees
