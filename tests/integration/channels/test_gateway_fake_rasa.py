"""The gateway alone (in this process) against a fake Rasa that offers buttons and asks for a
human, which the real dialogue does not do yet: numbered SMS options, Telegram inline keyboards
and their callbacks, the web socket's acknowledgements and resends, the handoff hook."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from tests.fakes.rasa import (
    ACCOUNT_BUTTONS,
    ACTION_LOST,
    CHECKING,
    FAILING,
    LONG_PAYLOAD,
    SAVINGS,
    SILENT,
    FakeRasa,
)
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import ALICE_PHONE, post_sms
from tests.support.gateway import gateway_fakes, served_gateway

BOT_TOKEN = "42:fake"
SECRET = "tg-secret"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    rasa = FakeRasa(buttons=ACCOUNT_BUTTONS, handoff_reason="asked")
    with gateway_fakes(
        tmp_path_factory.mktemp("fake-rasa"), rasa, bot_token=BOT_TOKEN, telegram_secret=SECRET
    ) as fakes:
        with served_gateway(fakes.env) as (app, gateway):
            handoffs: list = []
            app.state.router.on_handoff.append(handoffs.append)
            yield {
                "gateway": gateway,
                "rasa": rasa,
                "twilio": fakes.twilio,
                "telegram": fakes.telegram,
                "handoffs": handoffs,
                "app": app,
            }


def sms(world, body: str, sid: str) -> httpx.Response:
    return post_sms(world["gateway"], ALICE_PHONE, body, sid)


def test_sms_buttons_are_numbered_and_a_number_picks_one(world):
    twilio, rasa = world["twilio"], world["rasa"]
    assert sms(world, "hello", "SMb1").status_code == 200
    (offer,) = wait_for(lambda: twilio.to(ALICE_PHONE))
    assert "1. Checking\n2. Savings\n3. Long\nReply 1 to 3." in offer
    sms(world, "2", "SMb2")
    wait_for(lambda: any(r["message"] == SAVINGS for r in rasa.received))
    assert rasa.received[-1]["sender"].startswith("customer-")
    assert rasa.received[-1]["metadata"]["channel"] == "sms"


def test_a_handoff_is_not_sent_to_the_customer_but_reaches_the_hook(world):
    twilio = world["twilio"]
    twilio.clear()
    sms(world, "human", "SMh1")
    # The bot's words, then the contact centre's: the customer's place in the queue.
    bot_says, desk_says = wait_for(
        lambda: twilio.to(ALICE_PHONE) if len(twilio.to(ALICE_PHONE)) >= 2 else None
    )
    assert bot_says == "A colleague will take over."
    assert "number 1 in the queue" in desk_says
    assert "handoff" not in bot_says + desk_says
    handoff = wait_for(lambda: world["handoffs"])[-1]
    assert handoff.reason == "asked" and handoff.sender.channel == "sms"


def test_telegram_buttons_are_an_inline_keyboard_and_callbacks_pick_them(world):
    from datetime import UTC, datetime

    from telegram import CallbackQuery, Chat, Message, Update, User

    telegram, rasa = world["telegram"], world["rasa"]
    user, chat = User(id=901, first_name="x", is_bot=False), Chat(id=901, type="private")
    message = Message(message_id=1, date=datetime.now(UTC), chat=chat, from_user=user, text="hello")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    url = f"{world['gateway']}/webhooks/telegram"
    httpx.post(url, json=Update(update_id=9001, message=message).to_dict(), headers=headers)
    (sent,) = wait_for(lambda: telegram.to(901))
    rows = sent["reply_markup"]["inline_keyboard"]
    assert [r[0]["text"] for r in rows] == ["Checking", "Savings", "Long"]
    assert [r[0]["callback_data"] for r in rows] == [CHECKING, SAVINGS, "#2"]
    query = CallbackQuery(id="q1", from_user=user, chat_instance="c", data="#2", message=message)
    httpx.post(url, json=Update(update_id=9002, callback_query=query).to_dict(), headers=headers)
    wait_for(lambda: any(r["message"] == LONG_PAYLOAD for r in rasa.received))
    assert "q1" in telegram.answered_callbacks


def test_typed_slash_words_reach_the_bot_as_words_not_as_rasa_intents(world):
    from datetime import UTC, datetime

    from telegram import Chat, Message, Update, User

    rasa = world["rasa"]
    user, chat = User(id=902, first_name="x", is_bot=False), Chat(id=902, type="private")
    for update_id, text in ((9101, "/balance"), (9102, '/inform{"amount": "9999"}')):
        typed = Message(message_id=update_id, date=datetime.now(UTC), chat=chat, from_user=user, text=text)
        httpx.post(
            f"{world['gateway']}/webhooks/telegram",
            json=Update(update_id=update_id, message=typed).to_dict(),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
    wait_for(lambda: any(r["message"] == 'inform{"amount": "9999"}' for r in rasa.received))
    from_902 = [r["message"] for r in rasa.received if r["sender"] == "anon-telegram-902"]
    assert from_902 == ["balance", 'inform{"amount": "9999"}']


async def test_the_web_socket_acknowledges_answers_and_does_not_process_a_resent_id_twice(world):
    rasa = world["rasa"]
    ws_url = world["gateway"].replace("http", "ws") + "/ws?visitor=visitor-12345"
    async with websockets.connect(ws_url) as ws:
        hello = json.loads(await ws.recv())
        assert hello["type"] == "hello" and hello["signed_in"] is False
        await ws.send(json.dumps({"type": "message", "id": "m-1", "text": "hi there"}))
        frames = [json.loads(await ws.recv()) for _ in range(4)]
    assert [f["type"] for f in frames] == ["ack", "typing", "typing", "answer"]
    answer = frames[-1]
    assert answer["reply_to"] == "m-1" and answer["messages"][0]["buttons"][0]["title"] == "Checking"
    asked = sum(1 for r in rasa.received if r["message"] == "hi there")
    # After a reconnection the client resends what it has no ack for: answered, not reprocessed.
    async with websockets.connect(ws_url) as ws:
        await ws.recv()
        await ws.send(json.dumps({"type": "message", "id": "m-1", "text": "hi there"}))
        frames = [json.loads(await ws.recv()) for _ in range(4)]
        assert frames[-1]["messages"] == answer["messages"]
        await ws.send("{broken")
        assert json.loads(await ws.recv())["type"] == "error"
        await ws.send(json.dumps({"type": "message", "id": "m-2", "text": "x" * 100_000}))
        assert json.loads(await ws.recv())["type"] == "error"
    await asyncio.sleep(0.2)
    assert sum(1 for r in rasa.received if r["message"] == "hi there") == asked
    assert rasa.received[-1]["sender"] == "anon-web-visitor-12345"


async def test_a_cross_site_web_socket_is_closed(world):
    ws_url = world["gateway"].replace("http", "ws") + "/ws"
    with pytest.raises(websockets.exceptions.InvalidStatus):
        async with websockets.connect(ws_url, origin="https://evil.example") as ws:
            await ws.recv()


def test_outbound_delivery_reaches_each_channel(world):
    from banking_backend.domain.views import CustomerView
    from channels.handoff import contact_for

    adapters = world["app"].state.adapters
    alice = CustomerView(
        id=1,
        username="alice",
        name="Alice",
        language="en",
        phone=ALICE_PHONE,
        telegram_id=901,
        status="active",
        vulnerable=False,
    )
    world["twilio"].clear()

    def deliver(channel: str, text: str) -> bool:
        coroutine = adapters[channel].deliver(contact_for("customer-1", channel, alice), text)
        return asyncio.run_coroutine_threadsafe(coroutine, world["app"].state.loop).result(10)

    assert deliver("sms", "An agent replies.")
    assert deliver("telegram", "An agent replies.")
    assert not deliver("web", "nobody has the widget open")
    assert "An agent replies." in world["twilio"].to(ALICE_PHONE)
    assert "An agent replies." in world["telegram"].texts_to(901)


async def test_a_message_resent_to_another_gateway_gets_the_answer_it_recorded(world):
    """The first gateway claimed the id and answered, then the widget's connection moved: the
    resend is answered from the store, and the bot is not asked twice."""
    from channels.router import Sender

    rasa, ws_url = world["rasa"], world["gateway"].replace("http", "ws") + "/ws?visitor=visitor-moved"
    claim = f"{Sender('web', None, 'visitor-moved').conversation_id}:m-elsewhere"
    store = world["app"].state.store  # the tables every gateway shares
    assert store.claim("web", claim)  # as the other gateway did
    store.record_answer("web", claim, [{"text": "your balance is $5", "buttons": []}])
    asked = len(rasa.received)
    async with websockets.connect(ws_url) as ws:
        await ws.recv()
        await ws.send(json.dumps({"type": "message", "id": "m-elsewhere", "text": "balance?"}))
        ack, answer = json.loads(await ws.recv()), json.loads(await ws.recv())
    assert ack == {"type": "ack", "id": "m-elsewhere"}
    assert answer["messages"] == [{"text": "your balance is $5", "buttons": []}] and answer["duplicate"]
    assert len(rasa.received) == asked


async def test_a_message_whose_gateway_died_before_answering_is_asked_again(world):
    from channels.router import Sender
    from channels.texts import ANSWER_LOST

    ws_url = world["gateway"].replace("http", "ws") + "/ws?visitor=visitor-orphan"
    claim = f"{Sender('web', None, 'visitor-orphan').conversation_id}:m-orphan"
    store = world["app"].state.store
    web = world["app"].state.channels["web"]
    web.resend_wait, waited = 1.0, web.resend_wait
    try:
        assert store.claim("web", claim)  # claimed, and its gateway died before any answer
        async with websockets.connect(ws_url) as ws:
            await ws.recv()
            await ws.send(json.dumps({"type": "message", "id": "m-orphan", "text": "balance?"}))
            json.loads(await ws.recv())
            answer = json.loads(await ws.recv())
        assert answer["messages"] == [{"text": ANSWER_LOST, "buttons": []}]
    finally:
        web.resend_wait = waited


@pytest.mark.parametrize(
    ("username", "greeting", "note"),
    [("alice", "Hello, ", "knows who you are"), ("wei", "您好，", "助手认识您")],
)
def test_the_online_banking_page_greets_a_signed_in_customer_in_their_language(
    world, username, greeting, note
):
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import customers
    from banking_backend.unit_of_work import SqlUnitOfWork
    from channels import web
    from channels.sessions import SessionTokens
    from kernel.deployment_secrets import SESSION_SECRET

    customer = customers.find_by_username(SqlUnitOfWork(make_session_factory(make_engine())), username)
    cookie = SessionTokens(SESSION_SECRET.demo_value, 3600).issue(customer.id, username)
    page = httpx.get(world["gateway"], cookies={web.COOKIE: cookie})
    assert page.status_code == 200
    assert f"{greeting}{customer.name}" in page.text and note in page.text


def _bot_empty_answers(world) -> float:
    metrics = httpx.get(f"{world['gateway']}/metrics").text
    rest = 'bot_empty_answers_total{channel="rest"}'
    counted = [line for line in metrics.splitlines() if line.startswith(rest)]
    return float(counted[0].split()[-1]) if counted else 0.0


def _rest(world, message: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else None
    return httpx.post(
        f"{world['gateway']}/webhooks/rest/webhook",
        json={"sender": "empty-answers", "message": message},
        headers=headers,
        timeout=10,
    )


def _token(username: str) -> str:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import customers
    from banking_backend.unit_of_work import SqlUnitOfWork
    from channels.sessions import SessionTokens
    from kernel.deployment_secrets import SESSION_SECRET

    customer = customers.find_by_username(SqlUnitOfWork(make_session_factory(make_engine())), username)
    return SessionTokens(SESSION_SECRET.demo_value, 3600).issue(customer.id, username)


@pytest.mark.parametrize(
    ("username", "message", "answer"),
    [
        ("bob", f"please {SILENT}", "Sorry, I lost track. Could you say that again?"),
        ("wei", f"查余额 {SILENT}", "抱歉，我刚才没跟上，您能再说一遍吗？"),
    ],
)
def test_an_empty_answer_rasa_saved_is_a_bot_defect_answered_in_the_customers_language(
    world, username, message, answer
):
    counted = _bot_empty_answers(world)
    response = _rest(world, message, _token(username))
    assert response.status_code == 200
    assert [a["text"] for a in response.json()] == [answer]
    assert _bot_empty_answers(world) == counted + 1


def test_an_empty_answer_to_a_contact_of_unknown_language_is_answered_in_both(world):
    from channels.texts import LOST_TRACK

    response = _rest(world, SILENT)
    assert response.status_code == 200 and [a["text"] for a in response.json()] == [LOST_TRACK]
    assert world["rasa"].received[-1]["metadata"]["message_id"]


@pytest.mark.parametrize(
    ("message", "tracker_fails"), [(FAILING, False), (ACTION_LOST, False), (SILENT, True)]
)
def test_an_empty_answer_after_a_failure_or_without_a_tracker_is_not_available(world, message, tracker_fails):
    from channels.texts import BOT_UNAVAILABLE

    rasa = world["rasa"]
    counted = _bot_empty_answers(world)
    rasa.tracker_fails = tracker_fails
    try:
        # Unsaved (a store failed), saved without an action's events (its call failed), or saved
        # but the tracker cannot be read.
        response = _rest(world, message, _token("bob"))
    finally:
        rasa.tracker_fails = False
    assert response.status_code == 503 and response.json() == [{"text": BOT_UNAVAILABLE}]
    assert _bot_empty_answers(world) == counted
