"""Operators' metrics in Prometheus text format: the gateway updates these objects; `/metrics`
serves them. Each ServiceMetrics has its own registry, so apps and tests do not collide."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class ServiceMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.messages = Counter(
            "bankbot_messages",
            "Messages handled, by channel and direction (in: from customers, out: to customers).",
            ["channel", "direction"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "bankbot_response_latency_seconds",
            "Time from a customer's message to the answer, by channel.",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queue_length = Gauge(
            "bankbot_handoff_queue_length", "Conversations waiting for a human.", registry=self.registry
        )
        self.errors = Counter(
            "bankbot_errors",
            "Errors, by component (channel name, rasa, delivery, ...).",
            ["component"],
            registry=self.registry,
        )
        # Rasa was up and handled the message, and the bot said nothing (channels/router.py).
        self.empty_answers = Counter(
            "bot_empty_answers",
            "Messages the bot handled without a word (a bot defect, not an outage), by channel.",
            ["channel"],
            registry=self.registry,
        )
        self.handoffs = Counter(
            "bankbot_handoffs",
            "Conversations handed to a human, by reason.",
            ["reason"],
            registry=self.registry,
        )

        self.rate_limited = Counter(
            "bankbot_rate_limited",
            "Messages and anonymous handoffs refused by a rate limit, by channel and limit.",
            ["channel", "limit"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsEndpoint:
    """ASGI app for `/metrics`: `Route("/metrics", MetricsEndpoint(metrics))` or `Mount`."""

    def __init__(self, metrics: ServiceMetrics) -> None:
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        if request.method not in ("GET", "HEAD"):
            response = Response("method not allowed\n", status_code=405, media_type="text/plain")
        else:
            response = Response(self._metrics.render(), media_type=CONTENT_TYPE_LATEST)
        await response(scope, receive, send)


def metrics_app(metrics: ServiceMetrics) -> MetricsEndpoint:
    return MetricsEndpoint(metrics)
