"""The web channel: the chat widget's WebSocket, and the demo online-banking pages.

The socket authenticates from the signed session cookie that online banking (here the demo
sign-in) sets; without one the visitor chats anonymously and sees no account data.
Messages carry client-made ids: the server acknowledges each, answers each once, and a resent
id (after a reconnection) gets the first answer again instead of being processed twice, also
from another gateway: the answer is recorded with the id (channels_handled_messages).

Wire format (JSON text frames):
  client → {"type": "message", "id": "...", "text": "...", "payload": "/optional"}
  server → {"type": "hello", "signed_in": bool, "name": str|null, "language": "en"|"zh"}
           {"type": "ack", "id": "..."}   {"type": "typing", "on": bool}
           {"type": "answer", "reply_to": "...", "messages": [{"text", "buttons"}]}
           {"type": "error", "id": "..."|null, "text": "..."}
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import secrets
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from banking_backend.domain.views import CustomerView
from channels import texts
from channels.base import BACKEND_DOWN
from channels.inbound import InboundChannel, InboundServices
from channels.rate_limits import RateLimited, refusal_text
from channels.router import Sender
from channels.safe_json import UnreadableJson, read_json
from channels.sessions import InvalidSession, SessionTokens
from channels.settings import Settings
from channels.web_sockets import OpenSockets
from kernel.texts import language_of

logger = logging.getLogger(__name__)

COOKIE = "bankbot_session"
# The sign-in form's CSRF token, double-submitted: a cookie only this site can set, echoed in
# the form. Without it another site could sign a visitor in as its own demo customer (login CSRF)
# and read what the visitor then tells the assistant.
SIGNIN_CSRF_COOKIE = "bankbot_signin_csrf"
SIGNIN_CSRF_FIELD = "csrf"
DEMO_CUSTOMERS = ("alice", "bob", "wei", "lina")
TEMPLATES = Path(__file__).resolve().parent / "templates"
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_VISITOR_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_FRAME_CHARS = 16_000
SUGGESTIONS = {
    "en": [
        {"title": "What's my balance?", "payload": "what's my balance?"},
        {"title": "Hello", "payload": "hello"},
    ],
    "zh": [{"title": "我的余额是多少", "payload": "我的余额是多少"}, {"title": "你好", "payload": "你好"}],
}
SIGNOUT_FORM = (
    '<form method="post" action="/signout"><input type="hidden" name="csrf" value="{csrf}">'
    '<button data-testid="signout">Sign out</button></form>'
)


def _template(name: str, **values: str) -> str:
    page = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", value)
    return page


def verify(websocket: WebSocket, tokens: SessionTokens) -> int | None:
    """The signed-in customer's id from the session cookie; None for an anonymous visitor.
    Raises PermissionError when the socket comes from another site (cross-site WebSocket)."""
    origin = websocket.headers.get("origin")
    if origin and urlsplit(origin).netloc != websocket.headers.get("host", ""):
        raise PermissionError("cross-origin WebSocket refused")
    token = websocket.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return tokens.read(token).customer_id
    except InvalidSession:
        return None


class _Answers:
    """Answers by (conversation, message id), bounded, so that a resent id is answered again
    from memory; the store's claims make sure an id is never processed twice, even after a
    restart (then the resend is acknowledged without an answer)."""

    def __init__(self, size: int = 5000) -> None:
        self._tasks: OrderedDict[tuple[str, str], asyncio.Task] = OrderedDict()
        self._size = size

    def get(self, key: tuple[str, str]) -> asyncio.Task | None:
        return self._tasks.get(key)

    def put(self, key: tuple[str, str], task: asyncio.Task) -> None:
        self._tasks[key] = task
        while len(self._tasks) > self._size:
            self._tasks.popitem(last=False)


class WebChannel(InboundChannel):
    """The web in: the demo pages and the widget's socket. What goes out to a socket later
    (agents' replies) goes through `OpenSockets`, which this channel tells of each socket."""

    def __init__(
        self, settings: Settings, services: InboundServices, tokens: SessionTokens, sockets: OpenSockets
    ) -> None:
        super().__init__(services)
        self._tokens = tokens
        self._sockets = sockets
        self._demo = settings.demo_mode
        self._secure = settings.secure_cookies
        self._instance_name = settings.instance_name
        self._answers = _Answers()
        # How long a resent message waits for another gateway's answer: past Rasa's timeout, the
        # gateway that claimed it has answered or died.
        self.resend_wait = settings.rasa_timeout + 5

    # --- pages -------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        customer = await self._signed_in(request)
        if customer is None:
            body = _template(
                "home.html",
                lang="en",
                greeting="Welcome to Demo Bank",
                account_note=(
                    '<a href="/signin" data-testid="signin-link">Sign in</a> to see your accounts; '
                    "the assistant below answers general questions without signing in."
                ),
                signout="",
            )
        else:
            lang = language_of(customer.language)
            body = _template(
                "home.html",
                lang=lang,
                greeting=html.escape(texts.text("home_hello", lang, name=customer.name)),
                account_note=html.escape(texts.text("home_note", lang)),
                signout=SIGNOUT_FORM.format(csrf=self._tokens.form_token(request.cookies[COOKIE])),
            )
        return HTMLResponse(body)

    async def signin_page(self, request: Request) -> Response:
        if not self._demo:
            return HTMLResponse("Demo sign-in is off (BANKBOT_DEMO=0).", status_code=404)
        choices = "\n".join(
            f'<button name="username" value="{u}" data-testid="signin-{u}">{u}</button>'
            for u in DEMO_CUSTOMERS
        )
        csrf = request.cookies.get(SIGNIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
        response = HTMLResponse(_template("signin.html", choices=choices, csrf=html.escape(csrf)))
        response.set_cookie(
            SIGNIN_CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=self._secure, path="/signin"
        )
        return response

    async def signin(self, request: Request) -> Response:
        if not self._demo:
            return HTMLResponse("Demo sign-in is off (BANKBOT_DEMO=0).", status_code=404)
        body = (await request.body())[:1024].decode("utf-8", "replace")
        form = dict(parse_qsl(body))
        expected, given = request.cookies.get(SIGNIN_CSRF_COOKIE, ""), form.get(SIGNIN_CSRF_FIELD, "")
        if not expected or not secrets.compare_digest(expected.encode(), given.encode()):
            return HTMLResponse(texts.SIGNIN_FORM_EXPIRED, status_code=403)
        username = form.get("username", "")
        if username not in DEMO_CUSTOMERS:
            return HTMLResponse("Choose one of the demo customers.", status_code=400)
        customer = await run_in_threadpool(self._directory.by_username, username)
        if customer is None:
            return HTMLResponse("The demo bank is not seeded: run `bankbot seed`.", status_code=503)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE,
            self._tokens.issue(customer.id, customer.username),
            httponly=True,
            samesite="lax",
            secure=self._secure,
            max_age=8 * 3600,
        )
        return response

    async def signout(self, request: Request) -> Response:
        """Ends the session only with the form token of the page that showed the button: another
        site could otherwise sign the customer out with a cross-site POST."""
        token = request.cookies.get(COOKIE)
        if token:
            form = dict(parse_qsl((await request.body())[:1024].decode("utf-8", "replace")))
            if not self._tokens.form_token_matches(token, form.get(SIGNIN_CSRF_FIELD, "")):
                return HTMLResponse(texts.SIGNOUT_FORM_EXPIRED, status_code=403)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    async def _signed_in(self, request: Request) -> CustomerView | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        try:
            customer_id = (await run_in_threadpool(self._tokens.read, token)).customer_id
        except InvalidSession:
            return None
        return await run_in_threadpool(self._directory.by_id, customer_id)

    # --- the socket --------------------------------------------------------------------
    async def socket(self, websocket: WebSocket) -> None:
        try:
            customer_id = await run_in_threadpool(verify, websocket, self._tokens)
        except PermissionError:
            await websocket.close(code=1008)
            return
        customer = (
            await run_in_threadpool(self._directory.by_id, customer_id) if customer_id is not None else None
        )
        visitor = websocket.query_params.get("visitor", "")
        if not _VISITOR_ID.match(visitor):
            visitor = secrets.token_hex(8)
        sender = Sender(
            channel="web",
            customer_id=customer.id if customer else None,
            channel_user=visitor,
            address=websocket.client.host if websocket.client else None,
        )
        await websocket.accept(headers=[(b"x-bankbot-gateway", self._instance_name.encode())])
        conversation = sender.conversation_id
        await self._sockets.opened(conversation, websocket)
        language = language_of(customer.language) if customer else None
        await websocket.send_json(
            {
                "type": "hello",
                "signed_in": customer is not None,
                "name": customer.name if customer else None,
                "language": language,
                # Starter chips, shown like the bot's own buttons until the dialogue offers some.
                "suggestions": SUGGESTIONS[language or "en"],
            }
        )
        try:
            while True:
                received = await websocket.receive()
                if received["type"] == "websocket.disconnect":
                    raise WebSocketDisconnect(received.get("code", 1000))
                if received.get("text") is None:
                    # A binary frame: the wire format is JSON text. Say so, keep the socket.
                    await websocket.send_json(
                        {"type": "error", "id": None, "text": texts.UNREADABLE_FRAME.format(why="binary")}
                    )
                    continue
                if sender.customer_id is not None and not await self._still_signed_in(websocket):
                    # Signed out everywhere (a lost phone) while this socket was open: it says
                    # nothing more for the customer.
                    await websocket.send_json({"type": "error", "id": None, "text": texts.SIGN_IN_HELP})
                    await websocket.close(code=1008)
                    return
                await self._on_frame(websocket, sender, received["text"])
        except WebSocketDisconnect:
            pass
        finally:
            await self._sockets.closed(conversation, websocket)

    async def _still_signed_in(self, websocket: WebSocket) -> bool:
        try:
            return await run_in_threadpool(verify, websocket, self._tokens) is not None
        except PermissionError:
            return False

    async def _on_frame(self, websocket: WebSocket, sender: Sender, raw: str) -> None:
        if len(raw) > MAX_FRAME_CHARS:
            await websocket.send_json({"type": "error", "id": None, "text": texts.TOO_LONG})
            return
        try:
            frame = read_json(raw)
        except UnreadableJson as unreadable:
            await websocket.send_json(
                {"type": "error", "id": None, "text": texts.UNREADABLE_FRAME.format(why=unreadable)}
            )
            return
        if not isinstance(frame, dict) or frame.get("type") != "message":
            await websocket.send_json(
                {"type": "error", "id": None, "text": texts.UNREADABLE_FRAME.format(why="expected a message")}
            )
            return
        message_id, text = frame.get("id"), frame.get("payload") or frame.get("text")
        if not isinstance(message_id, str) or not _MESSAGE_ID.match(message_id):
            await websocket.send_json({"type": "error", "id": None, "text": "A message needs an id."})
            return
        if not isinstance(text, str) or not text.strip():
            await websocket.send_json({"type": "ack", "id": message_id})
            await websocket.send_json({"type": "error", "id": message_id, "text": "Empty message."})
            return
        if len(text) > self._max_chars:
            await websocket.send_json({"type": "ack", "id": message_id})
            await websocket.send_json({"type": "error", "id": message_id, "text": texts.TOO_LONG})
            return
        key = (sender.conversation_id, message_id)
        claim = f"{key[0]}:{key[1]}"
        task = self._answers.get(key)
        if task is None:
            if not await run_in_threadpool(self._store.claim, "web", claim):
                # Taken by another gateway (or this one before a restart): never processed twice;
                # the customer gets the answer it recorded.
                await websocket.send_json({"type": "ack", "id": message_id})
                messages = await self._answer_recorded_elsewhere(claim)
                await websocket.send_json(
                    {"type": "answer", "reply_to": message_id, "messages": messages, "duplicate": True}
                )
                return
            pressed = bool(frame.get("payload"))
            task = asyncio.create_task(self._answer_and_record(sender, text, pressed, claim))
            self._answers.put(key, task)
        await websocket.send_json({"type": "ack", "id": message_id})
        await websocket.send_json({"type": "typing", "on": True})
        messages = await asyncio.shield(task)
        await websocket.send_json({"type": "typing", "on": False})
        await websocket.send_json({"type": "answer", "reply_to": message_id, "messages": messages})

    async def _answer_and_record(
        self, sender: Sender, text: str, pressed: bool, claim: str
    ) -> list[dict[str, Any]]:
        messages = await self._ask(sender, text, pressed)
        try:
            await run_in_threadpool(self._store.record_answer, "web", claim, messages)
        except DBAPIError:  # the answer still reaches this socket; only a resend elsewhere misses it
            logger.warning("could not record the answer to web message %s", claim, exc_info=True)
        return messages

    async def _answer_recorded_elsewhere(self, claim: str) -> list[dict[str, Any]]:
        """The answer the claiming gateway recorded. One still working on the message records it
        within Rasa's timeout; none by `resend_wait` means it died with the message, which may or
        may not have reached the bot: the customer is asked to send it again."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.resend_wait
        while True:
            answer = await run_in_threadpool(self._store.answer_of, "web", claim)
            if answer is not None:
                return answer
            if loop.time() >= deadline:
                return [{"text": texts.ANSWER_LOST, "buttons": []}]
            await asyncio.sleep(0.5)

    async def _ask(self, sender: Sender, text: str, pressed: bool) -> list[dict[str, Any]]:
        try:
            replies = await self._router.replies(sender, text, pressed)
        except BACKEND_DOWN:  # a backend restarting: the customer may try again
            return [{"text": texts.BOT_UNAVAILABLE, "buttons": []}]
        except RateLimited as limited:
            return [{"text": refusal_text(limited), "buttons": []}]
        return [
            {"text": r.text, "buttons": [{"title": b.title, "payload": b.payload} for b in r.buttons]}
            for r in replies
        ]
