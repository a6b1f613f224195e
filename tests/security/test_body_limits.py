"""Bodies and JSON that would cost the gateway memory or a crash get a clear refusal, over real
HTTP and WebSocket against the gateway served by uvicorn."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from tests.integration.channels.helpers import post_sms, telegram_text
from tests.security.gateway_alone import post_telegram

DEEP = 50_000
LIMIT = 1024 * 1024  # BANKBOT_MAX_BODY_BYTES's default


def chunks(total: int, size: int = 64 * 1024):
    """A streamed body without Content-Length (chunked): the limit must count what arrives."""
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        yield b" " * piece
        sent += piece


def rest(url: str, content, headers: dict | None = None) -> httpx.Response:
    return httpx.post(
        f"{url}/webhooks/rest/webhook",
        content=content,
        headers={"content-type": "application/json", **(headers or {})},
        timeout=60,
    )


@pytest.mark.parametrize(
    "path",
    ["/webhooks/rest/webhook", "/webhooks/telegram", "/webhooks/twilio/sms", "/signin", "/console/login"],
)
def test_a_body_over_the_limit_is_refused_with_413_on_every_endpoint(edges, path):
    response = httpx.post(f"{edges['url']}{path}", content=b"x" * (LIMIT + 1), timeout=60)
    assert response.status_code == 413


def test_a_chunked_body_is_counted_as_it_arrives_not_by_its_content_length(edges):
    response = rest(edges["url"], chunks(8 * LIMIT))
    assert response.status_code == 413


def test_a_64_mb_body_is_refused_without_being_read(edges):
    response = rest(edges["url"], chunks(64 * 1024 * 1024))
    assert response.status_code == 413


def test_a_body_under_the_limit_still_reaches_the_bot(edges):
    body = json.dumps({"sender": "limit-ok", "message": "hello"}) + " " * (LIMIT // 2)
    response = rest(edges["url"], body.encode())
    assert response.status_code == 200
    assert response.json()[0]["text"] == "you said hello"


def test_json_nested_50000_deep_is_a_clear_400_on_rest(edges):
    response = rest(edges["url"], ("[" * DEEP + "]" * DEEP).encode())
    assert response.status_code == 400
    assert "deep" in response.json()["error"]


def test_a_deep_value_inside_a_valid_message_is_refused_on_rest(edges):
    body = '{"sender": "deep", "message": "hi", "metadata": ' + "[" * DEEP + "]" * DEEP + "}"
    response = rest(edges["url"], body.encode())
    assert response.status_code == 400


def test_json_nested_50000_deep_is_a_clear_400_on_telegram(edges):
    update = json.dumps(telegram_text(7001, "hello", 7001))
    deep = update[:-1] + ', "extra": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}"
    response = post_telegram(edges["url"], deep.encode())
    assert response.status_code == 400
    assert "deep" in response.json()["error"]


def test_a_twilio_webhook_over_the_limit_is_refused_before_its_signature_is_checked(edges):
    response = post_sms(edges["url"], "+14155550101", "x" * (LIMIT + 1), "SMbig")
    assert response.status_code == 413


async def _frames_after(url: str, send) -> list[dict]:
    ws_url = url.replace("http://", "ws://") + "/ws?visitor=edges-frames-01"
    async with websockets.connect(ws_url, max_size=None) as ws:
        assert json.loads(await ws.recv())["type"] == "hello"
        await send(ws)
        errors = [json.loads(await asyncio.wait_for(ws.recv(), 10))]
        # The socket is still open and still answers.
        await ws.send(json.dumps({"type": "message", "id": "after-1", "text": "hello"}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if frame["type"] == "answer":
                return errors + [frame]


def test_a_binary_widget_frame_gets_an_error_frame_and_the_socket_stays_open(edges):
    frames = asyncio.run(_frames_after(edges["url"], lambda ws: ws.send(b"\x00\x01binary")))
    assert frames[0]["type"] == "error" and frames[0]["text"]
    assert frames[-1]["messages"][0]["text"] == "you said hello"


def test_a_deep_widget_frame_gets_an_error_frame_and_the_socket_stays_open(edges):
    deep = "[" * 8000 + "]" * 8000
    frames = asyncio.run(_frames_after(edges["url"], lambda ws: ws.send(deep)))
    assert frames[0]["type"] == "error" and "deep" in frames[0]["text"]
    assert frames[-1]["messages"][0]["text"] == "you said hello"
