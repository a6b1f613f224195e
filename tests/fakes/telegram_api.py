"""A local fake of the Telegram Bot API (getMe, sendMessage, answerCallbackQuery) that records
what the bot sent (tests only)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class FakeTelegram:
    token: str
    sent: list[dict[str, Any]] = field(default_factory=list)
    answered_callbacks: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def to(self, chat_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.to(chat_id)]

    def app(self) -> Starlette:
        async def method(request: Request) -> JSONResponse:
            if request.path_params["token"] != self.token:
                return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
            raw = await request.body()
            if request.headers.get("content-type", "").startswith("application/json"):
                params = json.loads(raw or b"{}")
            else:
                params = dict(parse_qsl(raw.decode()))
            name = request.path_params["method"]
            if name == "getMe":
                result: Any = {"id": 4242, "is_bot": True, "first_name": "Bank", "username": "demo_bank_bot"}
            elif name == "sendMessage":
                markup = params.get("reply_markup")
                record = {
                    "chat_id": params["chat_id"],
                    "text": params["text"],
                    "reply_markup": json.loads(markup) if isinstance(markup, str) else markup,
                }
                with self._lock:
                    self.sent.append(record)
                    message_id = next(self._ids)
                result = {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": {"id": 4242, "is_bot": True, "first_name": "Bank"},
                    "text": params["text"],
                }
            elif name == "answerCallbackQuery":
                with self._lock:
                    self.answered_callbacks.append(params["callback_query_id"])
                result = True
            else:
                result = True
            return JSONResponse({"ok": True, "result": result})

        return Starlette(routes=[Route("/bot{token}/{method}", method, methods=["GET", "POST"])])
