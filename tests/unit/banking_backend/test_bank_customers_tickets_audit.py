"""Customers (lookups, Telegram linking), complaint tickets, and the audit trail."""

from datetime import timedelta
from decimal import Decimal

import pytest

from banking_backend.domain.errors import (
    InvalidPhoneNumber,
    InvalidRequest,
    TelegramAlreadyLinked,
    TicketNotFound,
)
from banking_backend.domain.views import CustomerView
from banking_backend.services import accounts, audit, customers, tickets


def test_lookups_return_plain_frozen_values(uow, demo):
    alice = customers.get_customer(uow, demo.alice)
    assert isinstance(alice, CustomerView)
    with pytest.raises(AttributeError):
        alice.name = "Mallory"  # type: ignore[misc]
    assert customers.find_by_username(uow, "ALICE ") == alice
    assert customers.find_by_username(uow, "nobody") is None
    assert customers.find_by_phone(uow, "+86 138 0013 8000").username == "wei"
    assert customers.find_by_phone(uow, "not a phone") is None


def test_linking_telegram_is_unique_and_audited(uow, demo):
    linked = customers.link_telegram(uow, demo.alice, 777001, channel="telegram")
    assert linked.telegram_id == 777001
    assert customers.find_by_telegram_id(uow, 777001).id == demo.alice
    assert customers.link_telegram(uow, demo.alice, 777001, channel="telegram") == linked
    with pytest.raises(TelegramAlreadyLinked):
        customers.link_telegram(uow, demo.bob, 777001, channel="telegram")
    assert audit.list_for_customer(uow, demo.alice, 1)[0].action == "customer.telegram_linked"


def test_new_customers_need_a_valid_phone(empty_uow):
    with pytest.raises(InvalidPhoneNumber):
        customers.create_customer(empty_uow, "zoe", "Zoe", "12345")
    zoe = customers.create_customer(empty_uow, "zoe", "Zoe", "+44 20 7946 0958")
    assert zoe.phone == "+442079460958"


def test_accounts_are_shown_masked_with_available_money(uow, demo):
    chk = accounts.get_account(uow, demo.alice, demo.account("alice", "checking"))
    assert chk.masked_number == "••••1201" and chk.last4 == "1201"
    assert chk.available == chk.balance + Decimal("500")


def test_recent_transactions_filter_by_time_and_limit(uow, demo, clock):
    rows = accounts.recent_transactions(uow, demo.alice, limit=5)
    assert len(rows) == 5 and rows == sorted(rows, key=lambda r: r.at, reverse=True)
    week = accounts.recent_transactions(uow, demo.alice, since=clock.now - timedelta(days=7), limit=500)
    assert week and all(r.at >= clock.now - timedelta(days=7) for r in week)


def test_a_ticket_gets_a_reference_and_an_sla_by_severity(uow, demo, clock):
    t = tickets.open_ticket(
        uow,
        demo.wei,
        category="fees",
        severity="high",
        subject="多收了手续费",
        description="上个月被扣了两次年费",
        channel="telegram",
        conversation_id="conv-42",
    )
    assert t.reference == f"CMP-2026-{t.id:06d}"
    assert t.sla_due_at == clock.now + timedelta(hours=4)
    assert t.conversation_id == "conv-42" and t.status == "open"
    low = tickets.open_ticket(
        uow, demo.wei, category="service", severity="low", subject="x", description="y", channel="web"
    )
    assert low.sla_due_at == clock.now + timedelta(hours=72)
    assert [x.reference for x in tickets.list_tickets(uow, demo.wei)] == [t.reference, low.reference]


def test_tickets_are_private_and_severity_is_checked(uow, demo):
    t = tickets.open_ticket(
        uow, demo.alice, category="card", severity="medium", subject="s", description="d", channel="web"
    )
    assert tickets.list_tickets(uow, demo.bob) == []
    with pytest.raises(TicketNotFound):
        tickets.get_ticket(uow, demo.bob, t.reference)
    assert tickets.get_ticket(uow, demo.alice, t.reference.lower()).id == t.id
    with pytest.raises(InvalidRequest):
        tickets.open_ticket(
            uow, demo.alice, category="card", severity="urgent", subject="s", description="d", channel="web"
        )


def test_staff_move_tickets_along_and_it_is_audited(uow, demo):
    t = tickets.open_ticket(
        uow, demo.alice, category="card", severity="medium", subject="s", description="d", channel="web"
    )
    assert tickets.set_status(uow, t.id, "resolved", staff="agent-7").status == "resolved"
    assert audit.recent(uow, 1)[0].action == "ticket.status_changed"
    assert [x.id for x in tickets.list_all_tickets(uow, status="resolved")] == [t.id]
