"""Sign-in sessions and CSRF for the console.

The session is a signed cookie (Starlette's SessionMiddleware: itsdangerous, SameSite=Strict,
HttpOnly). Every state-changing request must carry the session's synchroniser token, in the
form field `csrf_token` or the `X-CSRF-Token` header, and, when the browser sends an Origin,
come from our own origin.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FORM_BYTES = 64 * 1024


class Forbidden(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class NotSignedIn(Exception):
    pass


class FormTooLarge(Exception):
    pass


def csrf_token(request: Request) -> str:
    """The session's token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def start_session(request: Request, agent_id: int) -> None:
    """A fresh session at sign-in (nothing carried over from before: no fixation)."""
    request.session.clear()
    request.session["agent_id"] = agent_id
    request.session["csrf"] = secrets.token_urlsafe(32)


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
    expected = request.session.get("csrf")
    given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
    if not isinstance(expected, str) or not expected:
        raise Forbidden("no session token: reload the page and try again")
    if not hmac.compare_digest(expected.encode(), str(given).encode()):
        raise Forbidden("the form's security token is missing or wrong: reload the page and try again")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host", ""):
            raise Forbidden("request from another site")
    elif origin == "null":
        raise Forbidden("request from an opaque origin")
