"""A limit on every request body the gateway reads (REST, Telegram, Twilio, the sign-in and
console forms), as ASGI middleware: one place, so no endpoint can forget it.

A declared Content-Length over the limit is refused before the app runs; a body sent without
one (chunked) or longer than declared is counted as its chunks arrive, and reading stops at the
limit. Either way the answer is 413 and the body is never held whole in memory."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
TOO_LARGE = "Request body too large."


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the body passes the limit; an HTTPException so that mounted
    Starlette apps (the console) answer 413 too."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE)


class LimitsBodies:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
            return

        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
