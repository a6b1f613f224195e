"""Bodies no client should send, posted to the real gateway (a fake Rasa behind it): bytes that are
not UTF-8, JSON of the wrong shape, text that is valid JSON but not encodable text (a lone UTF-16
surrogate), control and mixed-script characters. Each gets a clear answer, never a 500."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import websockets
from telegram import Chat, Message, Update, User

from tests.fakes.server import wait_for
from tests.security.conftest import PROBE_TELEGRAM_SECRET

# Valid JSON ("\ud800" is a legal escape) that decodes to a str Python cannot encode as UTF-8.
LONE_SURROGATE = '"balance \\ud800 please"'


def rest(gateway_url: str, body: bytes) -> httpx.Response:
    return httpx.post(
        f"{gateway_url}/webhooks/rest/webhook", content=body, headers={"content-type": "application/json"}
    )


SHAPES = {
    "bytes that are not UTF-8": (b'{"sender": "x", "message": "\xff\xfe balance"}', 400),
    "a JSON string": (b'"balance"', 400),
    "a JSON number": (b"42", 400),
    "JSON null": (b"null", 400),
    "a message that is a number": (b'{"sender": "x", "message": 123}', 400),
    "a message that is an object": (b'{"sender": "x", "message": {"text": "hi"}}', 400),
    "a sender that is a list": (b'{"sender": ["x"], "message": "hi"}', 400),
    "a sender of 129 characters": (json.dumps({"sender": "s" * 129, "message": "hi"}).encode(), 400),
    "an empty body": (b"", 400),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_rest_body_of_the_wrong_shape_gets_a_clear_error_and_does_not_reach_the_bot(probe_gateway, shape):
    body, status = SHAPES[shape]
    asked = len(probe_gateway.rasa.received)
    response = rest(probe_gateway.url, body)
    assert response.status_code == status
    assert response.json()["error"]
    assert len(probe_gateway.rasa.received) == asked


@pytest.mark.parametrize(
    "text",
    [
        "what's my\x00 balance",
        "\u202ebalance\u202c",
        "余额 balance ١٢٣ Привет 🙂 ｂａｌａｎｃｅ",
        "e\u0301\u0301\u0301",
    ],
    ids=["a NUL character", "right-to-left overrides", "mixed scripts and an emoji", "stacked accents"],
)
def test_odd_but_valid_text_reaches_the_bot_unchanged_and_is_answered(probe_gateway, text):
    response = rest(probe_gateway.url, json.dumps({"sender": "odd-text", "message": text}).encode())
    assert response.status_code == 200
    assert response.json()[0]["text"] == f"you said {text}"


def test_a_rest_message_with_a_lone_surrogate_gets_a_clear_answer_not_a_500(probe_gateway):
    response = rest(probe_gateway.url, f'{{"sender": "x", "message": {LONE_SURROGATE}}}'.encode())
    assert response.status_code in (200, 400)
    assert response.json()


async def test_a_widget_message_with_a_lone_surrogate_gets_a_clear_answer(probe_gateway):
    ws_url = probe_gateway.url.replace("http", "ws") + "/ws?visitor=visitor-surrogate"
    async with websockets.connect(ws_url) as ws:
        await ws.recv()  # hello
        await ws.send(f'{{"type": "message", "id": "s-1", "text": {LONE_SURROGATE}}}')
        frames = [json.loads(await ws.recv()) for _ in range(2)]
        assert frames[0] == {"type": "ack", "id": "s-1"}
        while frames[-1]["type"] == "typing":
            frames.append(json.loads(await ws.recv()))
        last = frames[-1]
        assert last["type"] in ("answer", "error") and (last.get("messages") or last.get("text"))


def test_a_telegram_message_with_a_lone_surrogate_gets_a_clear_answer(probe_gateway):
    chat_id = 7701
    user, chat = User(id=chat_id, first_name="x", is_bot=False), Chat(id=chat_id, type="private")
    message = Message(message_id=1, date=datetime.now(UTC), chat=chat, from_user=user, text="PLACEHOLDER")
    body = json.dumps(Update(update_id=77001, message=message).to_dict()).replace(
        '"PLACEHOLDER"', LONE_SURROGATE
    )
    response = httpx.post(
        f"{probe_gateway.url}/webhooks/telegram",
        content=body.encode(),
        headers={
            "X-Telegram-Bot-Api-Secret-Token": PROBE_TELEGRAM_SECRET,
            "content-type": "application/json",
        },
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:  # taken: then the chat hears something back
        wait_for(lambda: probe_gateway.telegram.texts_to(chat_id), timeout=3)
