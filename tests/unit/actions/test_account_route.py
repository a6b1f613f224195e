"""Which own account a customer names as where money comes from and where it goes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.resolving import account_route
from banking_backend.domain.views import AccountView


def account(kind: str, last4: str) -> AccountView:
    zero = Decimal(0)
    return AccountView(
        int(last4), kind, kind.title(), "USD", zero, zero, f"••••{last4}", last4, "active", zero
    )


ACCOUNTS = [account("checking", "1201"), account("savings", "1302")]


@pytest.mark.parametrize(
    ("text", "alone", "source", "target"),
    [
        ("move 1k from savings to checking", "source", "1302", "1201"),
        ("transfer 200 to my savings account from checking", "source", "1201", "1302"),
        ("to checking from savings", "source", "1302", "1201"),
        ("savings to checking please", "source", "1302", "1201"),
        ("put 300 into savings", "source", None, "1302"),
        ("send $12 to Bob from checking", "source", "1201", None),
        ("move everything out of savings", "source", "1302", None),
        ("my savings", "source", "1302", None),
        ("my savings", "target", None, "1302"),
        ("1302", "target", None, "1302"),
        ("从储蓄转到活期", "source", "1302", "1201"),
        ("储蓄转活期", "source", "1302", "1201"),
        ("把储蓄的钱转1000到活期", "source", "1302", "1201"),
        ("转500到我的储蓄账户", "source", None, "1302"),
        ("send 20 dollars to bob", "source", None, None),
        ("what remains of my budget", "source", None, None),  # "main" inside a word is no account
        ("from savings to savings", "source", "1302", "1302"),  # the bank answers that one
    ],
)
def test_the_route_a_message_names(text, alone, source, target):
    route = account_route(text, ACCOUNTS, alone)
    assert (route.source and route.source.last4, route.target and route.target.last4) == (source, target)
