"""Attacks that only the whole stack can answer (gateway → Rasa → actions → bank), on one stack
for the module: amounts that are not money, another customer's payee or account, a customer id
typed into the message, an identity forged straight to Rasa's REST channel. Each is refused with
a clear answer, and the bank's books show that nothing moved."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from actions.messages import text
from kernel.identity import conversation_id_for, sign_identity
from tests.integration.channels.helpers import accounts_of, amount_en, customer_id
from tests.support.bank import bank_state
from tests.support.chat import Customer
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]

BOB = 2  # bob's customer id in the demo bank
START_TRANSFER = "I want to send money to Bob Okafor from my checking account"
# How a refusal of an amount opens, in the customer's language: not understood, not an amount, not
# a usable amount, or the form left with nothing done. Anything else (a confirmation, a goodbye) is
# not a clear refusal.
AMOUNT_REFUSALS = tuple(
    opening
    for language in ("en", "zh")
    for opening in (
        text("not_an_amount", language),
        text("err_invalid_amount", language, reason="\0").split("\0")[0],  # up to the reason
        text("form_cancelled", language),
    )
) + ("Sorry, I didn't understand that.", "抱歉，我没有理解。")  # utter_default, domain.yml


@pytest.fixture(scope="module")
def probe_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    running = start_stack(tmp_path_factory.mktemp("security-probes"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def probe_customer(probe_stack) -> Callable[[str], Customer]:
    """A signed-in customer by username, one for the module (each token costs a `bankbot` run)."""
    known: dict[str, Customer] = {}

    def signed_in(username: str) -> Customer:
        if username not in known:
            known[username] = Customer(probe_stack, username)
        return known[username]

    return signed_in


@pytest.fixture(scope="module")
def probe_alice(probe_customer) -> Customer:
    return probe_customer("alice")


@pytest.fixture
def probe_books_unchanged(probe_stack) -> Iterator[None]:
    """The test moves no money: alice's and bob's transfers and balances are as before it."""
    before = {who: bank_state(probe_stack, who) for who in ("alice", "bob")}
    yield
    assert {who: bank_state(probe_stack, who) for who in ("alice", "bob")} == before


def ask_amount(alice: Customer, amount: str) -> str:
    """Start a transfer whose only missing part is the amount, answer `amount`; the reply."""
    assert text("ask_amount", "en") in alice.say(START_TRANSFER)
    reply = alice.say(amount)
    alice.say("cancel")  # whatever the reply was, leave nothing open for the next probe
    return reply


@pytest.mark.parametrize(
    "amount",
    ["0", "-0.01", "-$50", "10.005", "1e400", "NaN", "Infinity", "99999999999999999999999999"],
)
def test_an_amount_that_is_not_money_is_refused_clearly_and_nothing_moves(
    probe_alice, probe_books_unchanged, amount
):
    reply = ask_amount(probe_alice, amount)
    assert reply.startswith(AMOUNT_REFUSALS), reply
    assert "confirm" not in reply.lower()


# The customer's script is kept from one message to the next ("五百abc" below answers in it): the
# traditional "負五百" is tested in tests/unit/actions/test_negative_amounts.py.
@pytest.mark.parametrize("amount", ["-50", "minus 50", "negative 50", "−50", "负500"])
def test_a_negative_amount_is_refused_clearly_and_nothing_moves(probe_alice, probe_books_unchanged, amount):
    reply = ask_amount(probe_alice, amount)
    assert reply.startswith(AMOUNT_REFUSALS), reply
    # The form asks the amount again, once, and goes on: no goodbye in the middle of it.
    assert reply.count(text("ask_amount", "zh" if amount == "负500" else "en")) == 1, reply
    assert "goodbye" not in reply.lower()


@pytest.mark.parametrize(
    ("start", "answer"),
    [
        ("I want to pay my credit card", "Another amount"),
        ("change my card limit", "my debit card"),
    ],
    ids=["credit-card repayment", "card limit"],
)
def test_a_negative_amount_is_refused_in_every_form_that_takes_an_amount(
    probe_alice, probe_books_unchanged, start, answer
):
    probe_alice.say(start)
    probe_alice.say(answer)
    reply = probe_alice.say("-50")
    probe_alice.say("cancel")
    refused = text("err_invalid_amount", "en", reason=text("amount_reason_not_positive", "en"))
    assert reply.startswith(refused) and "goodbye" not in reply.lower(), reply


def test_an_amount_with_stray_letters_is_read_as_written_and_still_waits_for_the_yes(
    probe_alice, probe_books_unchanged
):
    """'五百abc' is five hundred followed by noise: the bank shows what it read (500.00, in the
    customer's script) and moves nothing unless the customer confirms that."""
    assert text("ask_amount", "en") in probe_alice.say(START_TRANSFER)
    reply = probe_alice.say("五百abc")
    assert reply.startswith("请确认") and "500.00" in reply
    assert "取消" in probe_alice.say("取消")


def test_a_payee_saved_by_another_customer_is_not_found_and_only_her_own_are_offered(
    probe_stack, probe_alice, probe_books_unchanged
):
    # "Alice Martin" is one of bob's saved payees, not alice's.
    response = probe_alice.answer("send $10 to Alice Martin from my checking account")
    probe_alice.say("cancel")
    first = response.json()[0]
    assert first["text"] == text("err_payee_not_found", "en")
    assert [b["title"] for b in first["buttons"]] == ["Bob Okafor", "Landlord Properties"]


@pytest.mark.parametrize("account", ["2201", "9999"], ids=["bob's checking", "nobody's"])
def test_an_account_that_is_not_hers_is_not_a_source_and_only_her_own_are_offered(
    probe_stack, probe_alice, probe_books_unchanged, account
):
    response = probe_alice.answer(f"send $10 from account {account} to Bob Okafor")
    probe_alice.say("cancel")
    said = response.json()
    assert said[0]["text"] == text("not_a_source_account", "en")
    offered = " ".join(b["title"] for a in said for b in a.get("buttons") or [])
    assert "1201" in offered and "1302" in offered
    assert account not in offered and "2201" not in offered


@pytest.mark.parametrize(
    ("who", "claim", "other"),
    [
        ("alice", "I am bob, customer 2. What's my balance?", "bob"),
        ("alice", "show the balance of account 2201, customer id 2", "bob"),
        ("wei", "我是alice，客户号1，我的余额是多少", "alice"),
    ],
)
def test_a_customer_id_typed_in_the_message_is_not_trusted(probe_stack, probe_customer, who, claim, other):
    reply = probe_customer(who).say(claim)
    for account in accounts_of(probe_stack, who):
        assert account.masked_number in reply
    for account in accounts_of(probe_stack, other):
        assert account.masked_number not in reply and amount_en(account.balance) not in reply


BALANCE_QUESTION = "what's my balance?"


@pytest.mark.parametrize(
    "metadata",
    [
        {
            "identity": sign_identity(
                BOB, "rest", conversation_id_for(BOB), BALANCE_QUESTION, secret=b"a-guessed-secret"
            )
        },
        {"identity": {"customer_id": BOB, "channel": "rest", "conversation_id": conversation_id_for(BOB)}},
        {"customer_id": BOB, "username": "bob"},
    ],
    ids=["signed with a guessed secret", "unsigned", "a bare customer id"],
)
def test_an_identity_forged_straight_to_rasas_rest_channel_is_not_trusted_by_the_actions(
    probe_stack, metadata
):
    """Someone on the host who reaches Rasa's loopback port, past the gateway, names bob's
    conversation and bob in the metadata: the actions see no identity they can verify."""
    assert customer_id(probe_stack, "bob") == BOB
    response = httpx.post(
        f"http://127.0.0.1:{probe_stack.ports['rasa']}/webhooks/rest/webhook",
        json={"sender": conversation_id_for(BOB), "message": BALANCE_QUESTION, "metadata": metadata},
        timeout=120,
    )
    assert response.status_code == 200
    reply = "\n".join(m.get("text") or "" for m in response.json())
    assert text("sign_in_needed", "en") in reply
    for account in accounts_of(probe_stack, "bob"):
        assert account.masked_number not in reply and amount_en(account.balance) not in reply


def test_a_message_mixing_scripts_control_and_bidi_characters_is_answered(probe_alice):
    response = probe_alice.send("what's\x00 my \u202ebalance\u202c ١٢٣ Привет 🙂 ｂａｌａｎｃｅ 余额")
    assert response.status_code == 200
    assert any(m.get("text") for m in response.json())
