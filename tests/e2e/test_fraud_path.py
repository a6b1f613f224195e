"""Money the customer did not authorise, through the whole stack (gateway REST channel → Rasa →
actions → bank → contact centre), in English and Chinese: the latest payments out are offered,
the customer picks one and says yes to the block, and the bank is read to check that the card is
blocked, that a high-severity fraud ticket records that payment, and that the queue has the
conversation with reason fraud at top priority. A stranger is told to sign in or call, and is
handed over as fraud too."""

from __future__ import annotations

import json

import httpx
import pytest

from banking_backend.db import make_engine, make_session_factory
from banking_backend.services import accounts, cards, tickets
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.identity import conversation_id_for
from tests.e2e.handoff_support import ConsoleClient, stack_env
from tests.integration.channels.helpers import customer_id
from tests.support.chat import Customer, answered, post_message, text_of
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fraud_path")
    running = start_stack(tmp, extra_env=stack_env(tmp))
    yield running
    running.stop()


def bank(stack) -> SqlUnitOfWork:
    return SqlUnitOfWork(make_session_factory(make_engine(stack.env["DATABASE_URL"])))


def buttons(response: httpx.Response) -> list[dict]:
    return [b for m in response.json() for b in m.get("buttons") or []]


def disputed_ids(response: httpx.Response) -> list[str]:
    ids = []
    for b in buttons(response):
        if b["payload"].startswith("/inform{") and "disputed_transaction" in b["payload"]:
            ids.append(json.loads(b["payload"][len("/inform") :])["disputed_transaction"])
    return ids


def report(stack, username: str, words: str, yes: str) -> tuple[int, str, str]:
    """Report, pick the latest card payment, say yes to the block: the customer, the payment's
    id and the last reply."""
    chat = Customer(stack, username)
    who = customer_id(stack, username)
    offered = chat.answer(words)
    ids = disputed_ids(offered)
    assert 5 <= len(ids) - 1 <= 8 and ids[-1] == "none", text_of(offered)
    out = {str(t.id): t for t in accounts.recent_transactions(bank(stack), who, limit=60) if t.amount < 0}
    assert all(i in out for i in ids[:-1])  # every button is one of the customer's payments out
    chosen = next(i for i in ids[:-1] if out[i].kind == "card_purchase")
    pick = next(b["payload"] for b in buttons(offered) if f'"{chosen}"' in b["payload"])
    asked = chat.answer(pick)
    if not any(b["payload"].startswith("/affirm") for b in buttons(asked)):  # several cards: the first
        card_button = next(b for b in buttons(asked) if '"card"' in b["payload"])
        asked = chat.answer(card_button["payload"])
    assert any(b["payload"].startswith("/affirm") for b in buttons(asked)), text_of(asked)
    return who, chosen, chat.say(yes)


def fraud_checks(stack, who: int, chosen: str, reply: str) -> None:
    blocked = [c for c in cards.list_cards(bank(stack), who) if c.block_reason == "compromised"]
    assert len(blocked) == 1 and blocked[0].status == "blocked"
    ticket = max(tickets.list_tickets(bank(stack), who), key=lambda t: t.id)
    assert (ticket.category, ticket.severity) == ("fraud", "high")
    assert ticket.disputed_transaction_id == int(chosen)
    assert ticket.reference in reply
    entry = ConsoleClient(stack).open_handoff(conversation_id_for(who))
    assert entry is not None and (entry["reason"], entry["priority"]) == ("fraud", 0)
    assert entry["priority_label"] == "top"


def test_in_english_the_payment_is_picked_the_card_blocked_the_case_opened_and_a_person_called(stack):
    who, chosen, reply = report(
        stack, "alice", "someone's been taking money out of my account and it wasn't me!!", "yes"
    )
    assert "is blocked now" in reply and "fraud case" in reply and "colleagues" in reply, reply
    fraud_checks(stack, who, chosen, reply)


def test_in_chinese_the_same_path(stack):
    who, chosen, reply = report(stack, "wei", "我卡里莫名其妙少了一笔钱，不是我花的", "是的")
    assert "已冻结" in reply and "编号" in reply and "人工客服" in reply, reply
    fraud_checks(stack, who, chosen, reply)


def test_a_stranger_is_told_to_sign_in_or_call_and_handed_over_as_fraud(stack):
    response = answered(
        post_message(stack.gateway_url, "my account was hacked and money is gone", None, "stranger-1")
    )
    reply = text_of(response)
    assert "not signed in" in reply and "call" in reply, reply
    queue = ConsoleClient(stack).queue()
    assert any(e["customer_id"] is None and e["reason"] == "fraud" and e["priority"] == 0 for e in queue)


@pytest.mark.parametrize(
    ("username", "words", "stop"),
    [("lina", "信用卡被盗刷了", "取消"), ("bob", "there's a charge I don't recognise", "cancel")],
)
def test_cancel_stops_the_report_with_nothing_reported_blocked_or_queued(stack, username, words, stop):
    chat = Customer(stack, username)
    who = customer_id(stack, username)
    tickets_before = len(tickets.list_tickets(bank(stack), who))
    offered = chat.answer(words)
    assert disputed_ids(offered), text_of(offered)  # the report started: its payments are offered
    reply = chat.say(stop)
    assert ("已停止" in reply) if username == "lina" else ("stopped" in reply), reply
    assert len(tickets.list_tickets(bank(stack), who)) == tickets_before
    assert all(
        c.status != "blocked" or c.block_reason != "compromised" for c in cards.list_cards(bank(stack), who)
    )
    assert ConsoleClient(stack).open_handoff(conversation_id_for(who)) is None
    follow_up = chat.say("what's my balance?" if username == "bob" else "我的余额是多少")
    assert "$" in follow_up or "¥" in follow_up or "元" in follow_up, follow_up  # the bot is free again
