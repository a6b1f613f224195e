"""Web and REST session tokens: who signed in, signed by the gateway, with an expiry. A customer
who signed out everywhere (banking_backend.services.security) has every token issued before that
moment refused, by every gateway: `signed_out_at` asks the bank, so `read` may wait on the database
(async callers read in a worker thread)."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_SALT = "bankbot.session.v1"


@dataclass(frozen=True)
class Session:
    customer_id: int
    username: str


class InvalidSession(Exception):
    """The token is forged, malformed or expired; `expired` tells which, for the answer."""

    def __init__(self, expired: bool) -> None:
        super().__init__("session expired" if expired else "session invalid")
        self.expired = expired


# customer id -> when they last signed out everywhere (aware), or None.
SignedOutAt = Callable[[int], datetime | None]


class SessionTokens:
    def __init__(self, secret: str, max_age_seconds: int, signed_out_at: SignedOutAt | None = None) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self._max_age = max_age_seconds
        self._form_key = hashlib.sha256(f"{_SALT}.forms:{secret}".encode()).digest()
        self._signed_out_at = signed_out_at

    def issue(self, customer_id: int, username: str) -> str:
        # "iat": the moment of issue to the microsecond (the signature's own is whole seconds),
        # so a sign-in just after signing out everywhere is not mistaken for an older one.
        return self._serializer.dumps({"cid": int(customer_id), "u": username, "iat": time.time()})

    def read(self, token: str) -> Session:
        try:
            data = self._serializer.loads(token, max_age=self._max_age)
        except SignatureExpired as exc:
            raise InvalidSession(expired=True) from exc
        except BadSignature as exc:
            raise InvalidSession(expired=False) from exc
        if not isinstance(data, dict) or not isinstance(data.get("cid"), int):
            raise InvalidSession(expired=False)
        if self._signed_out_at is not None:
            cutoff = self._signed_out_at(data["cid"])
            issued = data.get("iat")
            if cutoff is not None and (not isinstance(issued, int | float) or issued <= cutoff.timestamp()):
                raise InvalidSession(expired=True)  # "sign in again", as for an expired one
        return Session(customer_id=data["cid"], username=str(data.get("u", "")))

    def form_token(self, token: str) -> str:
        """The token a page's form sends back with a session's state-changing POST (sign-out):
        bound to that session, and unknown to another site, which cannot read the cookie."""
        return hmac.new(self._form_key, token.encode(), hashlib.sha256).hexdigest()

    def form_token_matches(self, token: str, given: str) -> bool:
        return hmac.compare_digest(self.form_token(token).encode(), given.encode())
