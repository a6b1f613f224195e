"""D6: rate limits on every channel and on handoffs, over real HTTP (uvicorn), against a fake Rasa
that asks for a human on "human". The gateway's limits come from the environment, as in
production; each test starts its own gateway with the limits it checks.

REST answers 429 with Retry-After; the web socket, SMS and Telegram answer a polite text.
Two gateways over the real Redis (127.0.0.1:6379) share one count.
"""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager

import httpx
import pytest
import websockets

from tests.fakes.rasa import FakeRasa
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import ALICE_PHONE, post_sms, post_telegram_to, telegram_text
from tests.support.gateway import gateway_fakes, served_gateway
from tests.support.services import redis_url

BOT_TOKEN = "42:fake"
TG_SECRET = "tg-secret"
POLITE = "Please wait"  # the start of channels.texts.RATE_LIMITED's English half
HANDOFF_REFUSED = "cannot put you through to a person"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with gateway_fakes(
        tmp_path_factory.mktemp("rate-limits"),
        FakeRasa(),
        bot_token=BOT_TOKEN,
        telegram_secret=TG_SECRET,
        contact_centre=True,
    ) as fakes:
        yield fakes


@contextmanager
def gateway(world, **limits: str):
    """A gateway of its own (fresh channels and contact-centre tables) with these settings."""
    db = world.bank_url.replace("bank.db", f"gw-{uuid.uuid4().hex[:8]}.db")
    with served_gateway(world.env, CHANNELS_DATABASE_URL=db, **limits) as (app, url):
        yield app, url


def open_queue(world) -> list:
    from contact_centre import queue
    from contact_centre.unit_of_work import CentreUnitOfWork

    return queue.open_handoffs(CentreUnitOfWork.from_url(world.bank_url))


def close_every_open_handoff(world) -> None:
    from sqlalchemy import update

    from contact_centre import models as m
    from contact_centre.unit_of_work import CentreUnitOfWork

    uow = CentreUnitOfWork.from_url(world.bank_url)
    with uow:
        uow.session.execute(
            update(m.Handoff).where(m.Handoff.state == "waiting").values(state="returned_to_bot")
        )
        uow.commit()


def customer_token(world, username: str) -> str:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import customers
    from banking_backend.unit_of_work import SqlUnitOfWork
    from channels.sessions import SessionTokens
    from channels.settings import Settings

    engine = make_engine(world.bank_url)
    try:
        customer = customers.find_by_username(SqlUnitOfWork(make_session_factory(engine)), username)
    finally:
        engine.dispose()
    settings = Settings.from_env(world.env)
    return SessionTokens(settings.session_secret, settings.session_max_age).issue(customer.id, username)


def rest(url: str, sender: str, message: str, *, token: str | None = None, source: str = "127.0.0.1"):
    """POST as a client at `source` (any 127.x.y.z address reaches the loopback server)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=30) as client:
        return client.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, headers=headers
        )


def test_the_probe_ten_anonymous_handoffs_from_one_address_make_one_queue_entry(world):
    close_every_open_handoff(world)
    with gateway(world) as (_, url):
        answers = [rest(url, f"probe-{i}", "human") for i in range(10)]
        metrics = httpx.get(f"{url}/metrics").text
    assert answers[0].status_code == 200
    assert "queue" in answers[0].text
    for refused in answers[1:]:
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert HANDOFF_REFUSED in refused.json()[0]["text"]
    assert [h.conversation_id for h in open_queue(world)] == ["anon-rest-probe-0"]
    # Operators see the refusals.
    assert 'bankbot_rate_limited_total{channel="rest",limit="anonymous handoffs from address"} 9.0' in metrics


def test_anonymous_handoffs_are_limited_overall_across_addresses(world):
    close_every_open_handoff(world)
    with gateway(world, BANKBOT_RATE_ANON_HANDOFFS="2/hour") as (_, url):
        statuses = [rest(url, f"far-{i}", "human", source=f"127.0.9.{i + 1}").status_code for i in range(3)]
    assert statuses == [200, 200, 429]
    assert len(open_queue(world)) == 2


def test_a_customer_is_limited_per_conversation_on_rest_and_another_is_not(world):
    alice, bob = customer_token(world, "alice"), customer_token(world, "bob")
    with gateway(world, BANKBOT_RATE_PER_CONVERSATION="3/minute") as (_, url):
        statuses = [rest(url, "alice-app", f"hi {i}", token=alice).status_code for i in range(3)]
        # Another sender name does not make another conversation for the same customer.
        fourth = rest(url, "alice-other-device", "hi again", token=alice)
        bob_answer = rest(url, "bob-app", "hi", token=bob)
    assert statuses == [200, 200, 200]
    assert fourth.status_code == 429
    assert 1 <= int(fourth.headers["Retry-After"]) <= 60
    assert POLITE in fourth.json()[0]["text"] and "请" in fourth.json()[0]["text"]
    assert bob_answer.status_code == 200


def test_one_address_is_limited_whatever_sender_names_it_uses(world):
    asked = len(world.rasa.received)
    with gateway(world, BANKBOT_RATE_PER_ADDRESS="5/minute") as (_, url):
        statuses = [rest(url, f"name-{i}", "hello", source="127.0.0.7").status_code for i in range(7)]
        elsewhere = rest(url, "name-x", "hello", source="127.0.0.8")
    assert statuses == [200] * 5 + [429, 429]
    assert elsewhere.status_code == 200
    assert len(world.rasa.received) - asked == 6  # the refused never reached the bot


async def _web_answers(url: str, visitor: str, texts: list[str], cookie: str | None = None) -> list[dict]:
    ws_url = url.replace("http", "ws") + f"/ws?visitor={visitor}"
    headers = {"Cookie": f"bankbot_session={cookie}"} if cookie else None
    answers = []
    async with websockets.connect(ws_url, additional_headers=headers) as ws:
        json.loads(await ws.recv())  # hello
        for i, text in enumerate(texts):
            await ws.send(json.dumps({"type": "message", "id": f"{visitor}-{i}", "text": text}))
            while (frame := json.loads(await ws.recv()))["type"] != "answer":
                pass
            answers.append(frame)
    return answers


async def test_the_web_socket_answers_politely_past_a_customers_limit(world):
    wei = customer_token(world, "wei")
    with gateway(world, BANKBOT_RATE_PER_CONVERSATION="2/minute") as (_, url):
        answers = await _web_answers(url, "tab-aaaaaaaa", ["one", "two", "three"], cookie=wei)
        # A second tab of the same customer is the same conversation: still limited.
        other_tab = await _web_answers(url, "tab-bbbbbbbb", ["four"], cookie=wei)
    assert [a["messages"][0]["text"] for a in answers[:2]] == ["you said one", "you said two"]
    for limited in (answers[2], other_tab[0]):
        assert POLITE in limited["messages"][0]["text"]
        assert "请" in limited["messages"][0]["text"]  # both languages, as the gateway's own words


async def test_the_web_socket_limits_one_address_across_visitors(world):
    with gateway(world, BANKBOT_RATE_PER_ADDRESS="3/minute") as (_, url):
        answers = []
        for i in range(4):
            answers += await _web_answers(url, f"visitor-{i:08d}", ["hello"])
    texts = [a["messages"][0]["text"] for a in answers]
    assert texts[:3] == ["you said hello"] * 3
    assert POLITE in texts[3]


@pytest.mark.redis
def test_two_gateways_share_one_count_through_redis(world):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    limits = {"REDIS_URL": redis_url(), "BANKBOT_REDIS_PREFIX": prefix}
    with (
        gateway(world, BANKBOT_RATE_PER_ADDRESS="4/minute", **limits) as (_, first),
        gateway(world, BANKBOT_RATE_PER_ADDRESS="4/minute", **limits) as (_, second),
    ):
        statuses = [
            rest(gw, f"s-{i}", "hello", source="127.0.0.20").status_code
            for i, gw in enumerate([first, second, first, second, first, second])
        ]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_sms_past_the_limit_gets_a_polite_text_once_not_an_error(world):
    twilio = world.twilio
    twilio.clear()
    with gateway(world, BANKBOT_RATE_PER_CONTACT="2/minute") as (_, url):
        for i in range(5):
            sid = f"SMrl{uuid.uuid4().hex[:8]}{i}"
            assert post_sms(url, ALICE_PHONE, f"text {i}", sid).status_code == 200
            wait_for(lambda i=i: len(twilio.to(ALICE_PHONE)) >= min(i + 1, 3), timeout=10)
        sent = twilio.to(ALICE_PHONE)
    assert sent[:2] == ["you said text 0", "you said text 1"]
    # Told once while the limit lasts: a flood is not answered by a flood of texts.
    assert len(sent) == 3 and POLITE in sent[2] and "请" in sent[2]


def test_telegram_past_the_limit_gets_a_polite_text(world):
    telegram = world.telegram
    with gateway(world, BANKBOT_RATE_PER_CONTACT="2/minute") as (_, url):
        for i in range(3):
            post_telegram_to(url, telegram_text(7701, f"m{i}", 77010 + i), TG_SECRET)
            wait_for(lambda i=i: len(telegram.texts_to(7701)) >= i + 1, timeout=10)
    texts = telegram.texts_to(7701)
    assert texts[:2] == ["you said m0", "you said m1"]
    assert POLITE in texts[2]


@pytest.mark.parametrize("engine_kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_database_itself_refuses_a_second_open_handoff_of_one_conversation(tmp_path, engine_kind):
    """The queue's code never makes one (tests/unit/contact_centre/test_cc_queue_rules.py); the
    partial unique index of migration cc0001 stops any other writer too."""
    import contextlib

    from sqlalchemy.exc import IntegrityError

    from contact_centre import models as m
    from contact_centre.migrate import upgrade
    from contact_centre.unit_of_work import CentreUnitOfWork
    from tests.support.postgres import fresh_database

    database = (
        fresh_database("ratelimits")
        if engine_kind == "postgresql"
        else contextlib.nullcontext(f"sqlite:///{tmp_path / 'cc.db'}")
    )
    with database as url:
        upgrade(url)
        uow = CentreUnitOfWork.from_url(url)
        now = uow.now()

        def open_row(state: str) -> m.Handoff:
            return m.Handoff(
                conversation_id="anon-rest-x",
                channel="rest",
                reason="requested",
                priority=3,
                state=state,
                created_at=now,
                sla_due_at=now,
                claimed_by=None,
            )

        with uow:
            uow.session.add_all([open_row("waiting"), open_row("resolved"), open_row("resolved")])
            uow.commit()
            uow.session.add(open_row("waiting"))
            with pytest.raises(IntegrityError):
                uow.session.commit()


def test_what_the_gateway_answers_itself_is_counted_too_sms_from_an_unknown_number(world):
    """An unknown number's texts never reach the bot, but each was answered: a flood of them
    must not make a flood of our texts."""
    twilio, stranger = world.twilio, "+14155559999"
    with gateway(world, BANKBOT_RATE_PER_CONTACT="2/minute") as (_, url):
        for i in range(5):
            post_sms(url, stranger, f"hello {i}", f"SMu{uuid.uuid4().hex[:8]}")
            wait_for(lambda i=i: len(twilio.to(stranger)) >= min(i + 1, 3), timeout=10)
        sent = twilio.to(stranger)
    assert len(sent) == 3
    assert "not registered" in sent[0] and "not registered" in sent[1] and POLITE in sent[2]


def test_what_the_gateway_answers_itself_is_counted_too_telegram_commands(world):
    telegram = world.telegram
    with gateway(world, BANKBOT_RATE_PER_CONTACT="2/minute") as (_, url):
        for i in range(3):
            post_telegram_to(url, telegram_text(7702, "/start", 77020 + i), TG_SECRET)
            wait_for(lambda i=i: len(telegram.texts_to(7702)) >= i + 1, timeout=10)
    texts = telegram.texts_to(7702)
    assert "/link" in texts[0] and "/link" in texts[1]
    assert POLITE in texts[2]
