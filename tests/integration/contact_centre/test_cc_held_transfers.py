"""The supervisors' held-transfers page over HTTP, on a real bank: each held transfer with why the
bank held it (the audit's risk signals); release pays it, reject cancels it, in the bank."""

from __future__ import annotations

from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from banking_backend.db import make_engine, make_session_factory
from banking_backend.seed import seed_demo_bank
from banking_backend.services import accounts, customers, payees, transfers
from banking_backend.unit_of_work import SqlUnitOfWork
from tests.integration.contact_centre.console_stack import AGENT, SUPERVISOR, build_console_stack
from tests.integration.contact_centre.test_cc_console_http import sign_in


@pytest.fixture
def stack(tmp_path, monkeypatch):
    # Every payment to others after the first within the window is held (domain/risk.py).
    monkeypatch.setenv("BANKBOT_RISK_RAPID_COUNT", "1")
    stack = build_console_stack(tmp_path)
    seed_demo_bank(SqlUnitOfWork(make_session_factory(make_engine(stack.db_url))))
    return stack


def bank(stack) -> SqlUnitOfWork:
    return SqlUnitOfWork(make_session_factory(make_engine(stack.db_url)))


def pay_bob(stack, amount: str, key: str):
    uow = bank(stack)
    alice = customers.find_by_username(uow, "alice").id
    checking = next(a for a in accounts.list_accounts(uow, alice) if a.kind == "checking")
    bob = next(p for p in payees.list_payees(uow, alice) if p.name == "Bob Okafor")
    made = transfers.transfer(
        uow,
        alice,
        checking.id,
        payee_id=bob.id,
        amount=Decimal(amount),
        currency="USD",
        idempotency_key=key,
        channel="web",
    )
    return alice, checking.id, made


def status_of(stack, customer_id: int, transfer_id: int) -> str:
    uow = bank(stack)
    with uow:
        return uow.transfers.owned(customer_id, transfer_id).status


def test_a_supervisor_sees_why_and_releases_one_and_rejects_another(stack):
    pay_bob(stack, "5", "first")  # paid: the rule counts it
    alice, checking, held_one = pay_bob(stack, "12.34", "second")
    _, _, held_two = pay_bob(stack, "7", "third")
    assert held_one.status == held_two.status == "held"
    before = accounts.get_account(bank(stack), alice, checking).balance

    with TestClient(stack.app, base_url="http://testserver", follow_redirects=False) as client:
        csrf = sign_in(client, SUPERVISOR)
        page = client.get("/console/held-transfers")
        assert page.status_code == 200
        assert f'data-transfer="{held_one.id}"' in page.text and "12.34 USD" in page.text
        assert "transfers to others in the last 10 minutes" in page.text  # the audit's why
        listed = client.get("/console/held-transfers.json").json()["held"]
        assert {h["id"] for h in listed} == {held_one.id, held_two.id}
        assert all(h["reasons"] == ["rapid_transfers"] and h["customer_id"] == alice for h in listed)

        released = client.post(
            f"/console/held-transfers/{alice}/{held_one.id}/release", data={"csrf_token": csrf}
        )
        assert released.status_code == 303 and "completed" in released.headers["location"]
        assert status_of(stack, alice, held_one.id) == "completed"
        assert accounts.get_account(bank(stack), alice, checking).balance == before - Decimal("12.34")

        no_why = client.post(
            f"/console/held-transfers/{alice}/{held_two.id}/reject", data={"csrf_token": csrf}
        )
        assert no_why.status_code == 400 and status_of(stack, alice, held_two.id) == "held"
        rejected = client.post(
            f"/console/held-transfers/{alice}/{held_two.id}/reject",
            data={"csrf_token": csrf, "why": "customer did not recognise it"},
        )
        assert rejected.status_code == 303 and status_of(stack, alice, held_two.id) == "cancelled"
        again = client.post(
            f"/console/held-transfers/{alice}/{held_one.id}/release", data={"csrf_token": csrf}
        )
        assert again.status_code == 409  # decided once
        assert client.get("/console/held-transfers.json").json()["held"] == []
        assert accounts.get_account(bank(stack), alice, checking).balance == before - Decimal("12.34")


def test_agents_and_forged_posts_cannot_decide(stack):
    pay_bob(stack, "5", "a")
    alice, _, held = pay_bob(stack, "6", "b")
    with TestClient(stack.app, base_url="http://testserver", follow_redirects=False) as client:
        csrf = sign_in(client, AGENT)
        assert client.get("/console/held-transfers").status_code == 403
        assert (
            client.post(
                f"/console/held-transfers/{alice}/{held.id}/release", data={"csrf_token": csrf}
            ).status_code
            == 403
        )
    with TestClient(stack.app, base_url="http://testserver", follow_redirects=False) as client:
        sign_in(client, SUPERVISOR)
        forged = client.post(f"/console/held-transfers/{alice}/{held.id}/release", data={"csrf_token": "x"})
        assert forged.status_code == 403
    assert status_of(stack, alice, held.id) == "held"
