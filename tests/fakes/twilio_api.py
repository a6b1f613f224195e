"""A local fake of Twilio's Messages REST API that records what was sent (tests only)."""

from __future__ import annotations

import asyncio
import base64
import itertools
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class SentSms:
    to: str
    from_: str
    body: str


@dataclass
class FakeTwilio:
    account_sid: str
    auth_token: str
    url: str = ""  # where it is served, once it is (tests/support/twilio.py)
    sent: list[SentSms] = field(default_factory=list)
    # Seconds before each answer: the real API takes a while, which a test may need to see.
    delay: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def to(self, phone: str) -> list[str]:
        with self._lock:
            return [m.body for m in self.sent if m.to == phone]

    def clear(self) -> None:
        with self._lock:
            self.sent.clear()

    def app(self) -> Starlette:
        async def create_message(request: Request) -> JSONResponse:
            expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
            if request.headers.get("authorization") != f"Basic {expected}":
                return JSONResponse({"code": 20003, "message": "Authenticate"}, status_code=401)
            if request.path_params["sid"] != self.account_sid:
                return JSONResponse({"code": 20404, "message": "Not found"}, status_code=404)
            form = dict(parse_qsl((await request.body()).decode()))
            if self.delay:
                await asyncio.sleep(self.delay)
            if not form.get("To") or not form.get("Body"):
                return JSONResponse({"code": 21602, "message": "Body required"}, status_code=400)
            with self._lock:
                self.sent.append(SentSms(form["To"], form.get("From", ""), form["Body"]))
                sid = f"SM{next(self._ids):032d}"
            return JSONResponse(
                {
                    "sid": sid,
                    "account_sid": self.account_sid,
                    "to": form["To"],
                    "from": form.get("From"),
                    "body": form["Body"],
                    "status": "queued",
                    "num_segments": "1",
                    "direction": "outbound-api",
                    "api_version": "2010-04-01",
                },
                status_code=201,
            )

        return Starlette(
            routes=[Route("/2010-04-01/Accounts/{sid}/Messages.json", create_message, methods=["POST"])]
        )
