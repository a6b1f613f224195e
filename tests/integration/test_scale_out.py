"""`bankbot run --instances 2` on its own PostgreSQL database and Redis keys: two Rasa servers,
two action servers, two gateways sharing one port. One customer's conversation hops between
Rasa instances and gateways and stays one conversation: the transfer form goes on where it was,
the money moves once, the traditional-script memory, an agent's reply and the outbox follow
the customer to whichever gateway they are on, both Rasa instances feed the figures' event
table through RabbitMQ, and a dead Rasa costs only a retry."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import uuid
from decimal import Decimal
from types import SimpleNamespace

import httpx
import pytest
import websockets

from kernel.identity import conversation_id_for
from tests.e2e.handoff_support import ASK_FOR_A_HUMAN, QUEUE_MESSAGE, ConsoleClient
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import customer_id
from tests.support.bank import bank_state
from tests.support.chat import Customer, text_of
from tests.support.postgres import fresh_database
from tests.support.services import rabbitmq_url, redis_url
from tests.support.stack import free_port, pid_alive, refuses_connections, start_stack

pytestmark = [
    pytest.mark.stack,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.rabbitmq,
    pytest.mark.slow,
]

INSTANCES = 2


@pytest.fixture(scope="module")
def database():
    with fresh_database("scale_it") as url:
        yield url


@pytest.fixture(scope="module")
def stack(tmp_path_factory, database):
    from redis import Redis

    prefix = f"scaletest{uuid.uuid4().hex[:10]}"  # Rasa's lock keys, the relay's channels, the queue
    redis_address = redis_url()
    running = start_stack(
        tmp_path_factory.mktemp("scale-out"),
        extra_env={
            "DATABASE_URL": database,
            "REDIS_URL": redis_address,
            "BANKBOT_REDIS_PREFIX": prefix,
            "RABBITMQ_URL": rabbitmq_url(),
            "BANKBOT_EVENTS_QUEUE": f"{prefix}_events",
            "BANKBOT_EVENTS_EXCHANGE": f"{prefix}-exchange",
            "EVENTS_PORT": str(free_port()),
        },
        instances=INSTANCES,
    )
    try:
        yield running
    finally:
        running.stop(timeout=60)
        client = Redis.from_url(redis_address)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        client.close()
        asyncio.run(_delete_broker_objects(f"{prefix}_events", f"{prefix}-exchange"))


async def _delete_broker_objects(queue: str, exchange: str) -> None:
    import aio_pika

    connection = await aio_pika.connect(rabbitmq_url())
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)
        await channel.exchange_delete(exchange)


def gateway_url(stack, i: int) -> str:
    """Gateway i alone (its loopback port): to put a message on a chosen instance."""
    return f"http://127.0.0.1:{stack.ports['instance'] + i}"


def test_one_conversation_hops_between_rasa_instances_and_stays_coherent(stack):
    alice = Customer(stack, "alice")
    count, before = bank_state(stack, "alice")
    _, bob_before = bank_state(stack, "bob")
    answers = {"Which account": "checking", "How much": "120", "Who would you like": "Bob Okafor"}
    instances, gateways = [], set()
    response = alice.answer("I want to send money")
    reply = text_of(response)
    questions = []
    for _ in range(8):  # each question of the form, answered on whichever instance comes next
        instances.append(response.headers["x-bankbot-rasa-instance"])
        gateways.add(response.headers["x-bankbot-gateway"])
        if "Please confirm" in reply:
            break
        phrase = next((p for p in answers if p in reply), None)
        assert phrase is not None, f"the form lost its place: {reply!r}"
        questions.append(phrase)
        response = alice.answer(answers[phrase])
        reply = text_of(response)
    assert sorted(questions) == sorted(answers), "each question asked once: the form went on where it was"
    assert "$120.00" in reply and "Bob Okafor" in reply
    response = alice.answer("yes")
    instances.append(response.headers["x-bankbot-rasa-instance"])
    assert "sent to Bob Okafor" in text_of(response)
    response = alice.answer("what's my balance?")
    instances.append(response.headers["x-bankbot-rasa-instance"])
    assert "Everyday Checking" in text_of(response)

    rasa_ports = {f"127.0.0.1:{stack.ports['rasa'] + i}" for i in range(INSTANCES)}
    assert set(instances) == rasa_ports, f"both Rasa instances answered: {instances}"
    assert any(a != b for a, b in zip(instances, instances[1:], strict=False)), f"hops: {instances}"
    print(f"Rasa instance per message: {instances}; gateways seen: {sorted(gateways)}")
    count_after, after = bank_state(stack, "alice")
    _, bob_after = bank_state(stack, "bob")
    assert count_after == count + 1, "the money moved exactly once"
    assert after["checking"] == before["checking"] - Decimal("120")
    assert bob_after["checking"] == bob_before["checking"] + Decimal("120")


def test_the_traditional_script_is_remembered_on_the_other_gateway(stack):
    wei = Customer(stack, "wei")
    response = wei.answer("我要轉賬", url=gateway_url(stack, 0))
    first = text_of(response)
    assert response.headers["x-bankbot-gateway"] == "gateway-0"
    assert "賬戶" in first, f"answered in traditional: {first!r}"
    buttons = [b for a in response.json() for b in a.get("buttons") or []]
    assert buttons, f"the bot offers the accounts as buttons: {response.json()}"
    # A button's payload carries no Chinese: only the remembered script says how to answer it.
    response = wei.answer(buttons[0]["payload"], url=gateway_url(stack, 1))
    second = text_of(response)
    assert response.headers["x-bankbot-gateway"] == "gateway-1"
    assert re.search(r"[\u4e00-\u9fff]", second), f"a Chinese answer: {second!r}"
    assert "轉" in second or "錢" in second, f"still traditional on the other gateway: {second!r}"
    assert "转" not in second and "钱" not in second


async def _next_pushed(socket, timeout: float = 20) -> list[str]:
    """The texts of the next answer pushed without a question (an agent's reply)."""
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout))
        if frame["type"] == "answer" and frame["reply_to"] is None:
            return [m["text"] for m in frame["messages"]]


def test_an_agents_reply_reaches_a_widget_open_on_the_other_gateway_and_else_waits_once(stack):
    bob = Customer(stack, "bob")
    console = ConsoleClient(SimpleNamespace(gateway_url=gateway_url(stack, 0)))
    try:
        reply_live, reply_later = "Hello Bob, Sam here from the bank.", "Your new card is on its way."

        async def widget_on_gateway_1() -> str:
            url = f"ws://127.0.0.1:{stack.ports['instance'] + 1}/ws"
            cookie = {"Cookie": f"bankbot_session={bob.token}"}
            async with websockets.connect(url, additional_headers=cookie) as ws:
                assert ws.response.headers["x-bankbot-gateway"] == "gateway-1"
                assert json.loads(await ws.recv())["type"] == "hello"
                await ws.send(json.dumps({"type": "message", "id": "m1", "text": ASK_FOR_A_HUMAN}))
                answer = None
                while answer is None:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 90))
                    answer = frame if frame["type"] == "answer" and frame["reply_to"] == "m1" else None
                assert QUEUE_MESSAGE in " ".join(m["text"] for m in answer["messages"])
                conversation = await asyncio.to_thread(
                    wait_for, lambda: next((r for r in console.queue() if r["channel"] == "web"), None), 15
                )
                await asyncio.to_thread(console.post, conversation["id"], "claim")
                await asyncio.to_thread(console.post, conversation["id"], "reply", text=reply_live)
                assert await _next_pushed(ws) == [reply_live]
                return conversation["id"]

        handoff_id = asyncio.run(widget_on_gateway_1())
        # The widget is closed now: the next reply waits in the shared outbox, for whichever
        # gateway bob writes to next, and is shown there once.
        console.post(handoff_id, "reply", text=reply_later)
        first = bob.say("are you there?", url=gateway_url(stack, 1))
        second = bob.say("hello?", url=gateway_url(stack, 0))
        assert (first + second).count(reply_later) == 1, (first, second)
        assert reply_later in first
        console.post(handoff_id, "return")
    finally:
        console.close()


def test_both_rasa_instances_feed_the_figures_through_the_event_broker(stack):
    """The alice conversation of the first test went through both Rasa instances; the consumer
    wrote every user message of it to the table the figures read, once."""
    from sqlalchemy import create_engine, text

    conversation = conversation_id_for(customer_id(stack, "alice"))
    engine = create_engine(stack.env["DATABASE_URL"])
    query = text("SELECT count(*) FROM cc_bot_events WHERE conversation_id = :c AND event_type = 'user'")

    def user_events() -> int:
        with engine.connect() as conn:
            return conn.execute(query, {"c": conversation}).scalar_one()

    try:
        tracker = httpx.get(
            f"http://127.0.0.1:{stack.ports['rasa']}/conversations/{conversation}/tracker",
            params={"token": stack.env.get("RASA_TOKEN", "demo-rasa-token")},
            timeout=30,
        ).json()
        in_tracker = sum(1 for e in tracker["events"] if e["event"] == "user")
        assert in_tracker >= 6
        wait_for(lambda: user_events() >= in_tracker, timeout=30)
        assert user_events() == in_tracker
    finally:
        engine.dispose()


def test_a_dead_rasa_instance_costs_only_a_retry(stack):
    alice = Customer(stack, "alice")
    rasa_1 = stack.pid_of("rasa-1")
    os.killpg(rasa_1, signal.SIGKILL)
    wait_for(lambda: not pid_alive(rasa_1), timeout=10)
    # Its listening socket closes when the last of its threads has exited, a moment after the
    # main one; a request that reaches it before then is reset after connecting, and the gateway
    # rightly does not resend what it cannot tell was never read.
    wait_for(lambda: refuses_connections(stack.ports["rasa"] + 1), timeout=10)
    survivor = f"127.0.0.1:{stack.ports['rasa']}"
    for _ in range(3):  # round-robin lands on the dead one at least once: refused, then the next
        response = alice.answer("what's my balance?")
        assert "Everyday Checking" in text_of(response)
        assert response.headers["x-bankbot-rasa-instance"] == survivor
