"""Who may read /metrics. The gateway listens on every interface, and the figures (handoffs,
intents, complaint categories) are the bank's business: with BANKBOT_METRICS_TOKEN set,
Prometheus sends it as a bearer token (`authorization.credentials` in its scrape config);
without it, only callers on this host (loopback) are answered."""

from __future__ import annotations

import hmac

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class MetricsGuard:
    """An ASGI app in front of the metrics app (a class: Starlette's Route calls a plain
    function with a Request)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = _refusal(scope, self.token)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def guarded_metrics(app: ASGIApp, token: str | None) -> MetricsGuard:
    return MetricsGuard(app, token)


def _refusal(scope: Scope, token: str | None) -> PlainTextResponse | None:
    if token is None:
        client = (scope.get("client") or ("", 0))[0]
        if client in LOOPBACK:
            return None
        return PlainTextResponse(
            "Forbidden: /metrics answers this host only (set BANKBOT_METRICS_TOKEN to scrape it).\n",
            status_code=403,
        )
    given = dict(scope.get("headers") or ()).get(b"authorization", b"")
    scheme, _, credentials = given.partition(b" ")
    if scheme.lower() == b"bearer" and hmac.compare_digest(credentials.strip(), token.encode()):
        return None
    return PlainTextResponse(
        "Unauthorized: send the metrics bearer token.\n",
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
    )
