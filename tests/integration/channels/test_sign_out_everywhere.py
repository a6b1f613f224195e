"""A lost phone, as the customer's sessions see it: after the bank's sign_out_everywhere the real
gateway refuses the REST token and the online-banking cookie the phone held, and a new sign-in
works; a chat open on the phone says nothing more. Nobody else is signed out."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from tests.fakes.rasa import FakeRasa
from tests.support.gateway import gateway_fakes, served_gateway


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    with gateway_fakes(
        tmp_path_factory.mktemp("sign-out"), FakeRasa(), bot_token="42:fake", telegram_secret="s"
    ) as fakes:
        with served_gateway(fakes.env) as (_, url):
            yield url


def _bank():
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.unit_of_work import SqlUnitOfWork

    return SqlUnitOfWork(make_session_factory(make_engine()))


def _session(username: str) -> tuple[int, str]:
    from banking_backend.services import customers
    from channels.sessions import SessionTokens
    from kernel.deployment_secrets import SESSION_SECRET

    customer = customers.find_by_username(_bank(), username)
    return customer.id, SessionTokens(SESSION_SECRET.demo_value, 3600).issue(customer.id, username)


def _rest(url: str, token: str) -> httpx.Response:
    return httpx.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": "phone", "message": "hello"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def test_the_lost_phones_sessions_are_refused_and_a_new_sign_in_works(gateway):
    from banking_backend.services import security
    from channels import web

    lina, phone_token = _session("lina")
    _, bob_token = _session("bob")
    assert _rest(gateway, phone_token).status_code == 200
    assert "Sign out" in httpx.get(gateway, cookies={web.COOKIE: phone_token}).text

    security.sign_out_everywhere(_bank(), lina, "web")

    refused = _rest(gateway, phone_token)
    assert refused.status_code == 401 and "sign in again" in refused.json()[0]["text"].lower()
    page = httpx.get(gateway, cookies={web.COOKIE: phone_token}).text
    assert "Sign out" not in page and "signin-link" in page  # shown as signed out
    assert _rest(gateway, bob_token).status_code == 200
    assert _rest(gateway, _session("lina")[1]).status_code == 200


def test_a_chat_open_on_the_lost_phone_says_nothing_more_for_the_customer(gateway):
    from banking_backend.services import security
    from channels import web

    wei, token = _session("wei")
    ws_url = gateway.replace("http", "ws") + "/ws?visitor=visitor-lost-phone"

    async def chat() -> tuple[dict, dict, dict, int | None]:
        headers = {"Cookie": f"{web.COOKIE}={token}"}
        async with websockets.connect(ws_url, additional_headers=headers) as ws:
            hello = json.loads(await ws.recv())
            await ws.send(json.dumps({"type": "message", "id": "m-1", "text": "你好"}))
            answered = [json.loads(await ws.recv()) for _ in range(4)][-1]  # ack, typing, typing, answer
            await asyncio.to_thread(security.sign_out_everywhere, _bank(), wei, "web")
            await ws.send(json.dumps({"type": "message", "id": "m-2", "text": "余额"}))
            refused = json.loads(await ws.recv())
            with pytest.raises(websockets.ConnectionClosed):
                await ws.recv()
            return hello, answered, refused, ws.close_code

    hello, answered, refused, code = asyncio.run(chat())
    assert hello["signed_in"] is True and answered["type"] == "answer"
    assert refused["type"] == "error" and "sign in again" in refused["text"].lower()
    assert code == 1008
