"""Console sessions in the browser, and CSRF.

The cookie (`bankbot_console`: HttpOnly, SameSite=Strict, Secure behind HTTPS) holds a random id
and nothing else; what it stands for lives in the database (`contact_centre.console_sessions`), so
a session can be ended and a copied cookie dies with it. A visitor without a cookie is given a
fresh id that is no session: it only carries the sign-in form's CSRF token. Every state-changing
request must carry the synchroniser token of its cookie (an HMAC of the id under the console
secret), in the form field `csrf_token` or the `X-CSRF-Token` header, and, when the browser sends
an Origin, come from our own origin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contact_centre.console_sessions import new_token

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FORM_BYTES = 64 * 1024
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class Forbidden(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class NotSignedIn(Exception):
    pass


class FormTooLarge(Exception):
    pass


@dataclass
class _Cookie:
    token: str
    secret: str
    arrived: bool  # the browser sent it (False: made for this response, no session yet)
    changed: bool = False


class SessionCookie:
    """ASGI middleware: reads the console cookie into the request's scope, and sets it on the
    response when it was made or replaced (sign-in, sign-out) during the request."""

    def __init__(self, app: ASGIApp, *, secret: str, cookie: str, max_age: int, https_only: bool) -> None:
        self.app, self.secret, self.cookie = app, secret, cookie
        self.attributes = f"Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict" + (
            "; Secure" if https_only else ""
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        value = HTTPConnection(scope).cookies.get(self.cookie, "")
        if _SESSION_ID.match(value):
            state = _Cookie(value, self.secret, arrived=True)
        else:
            state = _Cookie(new_token(), self.secret, arrived=False, changed=True)
        scope["console_cookie"] = state

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and state.changed:
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{self.cookie}={state.token}; {self.attributes}"
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(request: HTTPConnection) -> _Cookie:
    return request.scope["console_cookie"]


def session_token(request: HTTPConnection) -> str | None:
    """The id the browser sent, which may name a session; None when it sent none."""
    state = _cookie(request)
    return state.token if state.arrived else None


def replace_session_token(request: HTTPConnection, token: str | None = None) -> None:
    """The browser gets this id from now on (a new session), or a fresh id that is no session."""
    state = _cookie(request)
    state.token, state.arrived, state.changed = token or new_token(), token is not None, True


def csrf_token(request: HTTPConnection) -> str:
    """The synchroniser token of the browser's cookie: changes whenever the session does."""
    state = _cookie(request)
    digest = hmac.new(state.secret.encode(), b"csrf:" + state.token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form body (the console posts no files), size-limited."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if body and content_type not in ("application/x-www-form-urlencoded", ""):
        return {}
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=50)
    return {key: values[-1] for key, values in parsed.items()}


def check_csrf(request: Request, form: dict[str, Any]) -> None:
    if session_token(request) is None:
        raise Forbidden("no session token: reload the page and try again")
    expected = csrf_token(request)
    given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
    if not hmac.compare_digest(expected.encode(), str(given).encode()):
        raise Forbidden("the form's security token is missing or wrong: reload the page and try again")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host", ""):
            raise Forbidden("request from another site")
    elif origin == "null":
        raise Forbidden("request from an opaque origin")
