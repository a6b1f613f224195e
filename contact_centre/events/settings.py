"""The consumer's settings, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_QUEUE = "bankbot_events"
# Rasa 3.6's PikaEventBroker publishes to this fanout exchange (rasa/core/brokers/pika.py).
DEFAULT_EXCHANGE = "rasa-exchange"
DEFAULT_PORT = 5060


@dataclass(frozen=True)
class EventFeedSettings:
    rabbitmq_url: str
    queue: str = DEFAULT_QUEUE
    exchange: str = DEFAULT_EXCHANGE
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    database_url: str | None = None  # None: the contact centre's own (DATABASE_URL)
    reconnect_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> EventFeedSettings:
        env = dict(os.environ if env is None else env)
        url = env.get("RABBITMQ_URL", "").strip()
        if not url:
            raise ValueError("RABBITMQ_URL is not set (e.g. amqp://guest:guest@127.0.0.1:5672/)")
        return cls(
            rabbitmq_url=url,
            queue=env.get("BANKBOT_EVENTS_QUEUE", "").strip() or DEFAULT_QUEUE,
            exchange=env.get("BANKBOT_EVENTS_EXCHANGE", "").strip() or DEFAULT_EXCHANGE,
            host=env.get("EVENTS_HOST", "").strip() or "127.0.0.1",
            port=int(env.get("EVENTS_PORT", "").strip() or DEFAULT_PORT),
            database_url=env.get("DATABASE_URL", "").strip() or None,
        )
