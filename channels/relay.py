"""What gateway instances tell each other through Redis pub/sub (REDIS_URL; only when several
gateways run, the embedded default has no Redis):

- an agent's reply for a web customer whose widget is open on another gateway: the gateway
  holding a socket for a conversation subscribes to `<prefix>:web:<conversation>`, so a PUBLISH
  that no gateway receives tells the sender to keep the reply in the durable outbox instead;
- a change in the handoff queue, so every gateway's console pages refresh at once
  (`<prefix>:console`; the pages also re-read every few seconds, this only makes it immediate).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio as redis

logger = logging.getLogger(__name__)

WebHandler = Callable[[str, list[dict[str, Any]]], Awaitable[None]]


class GatewayRelay:
    def __init__(self, url: str, prefix: str = "bankbot") -> None:
        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix
        self._origin = uuid.uuid4().hex  # this process: its own messages come back to it
        self._watched: set[str] = set()
        self._pubsub: Any = None
        self._listener: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._on_web: WebHandler | None = None
        self._on_console_change: Callable[[], None] | None = None

    @property
    def console_channel(self) -> str:
        return f"{self._prefix}:console"

    def web_channel(self, conversation_id: str) -> str:
        return f"{self._prefix}:web:{conversation_id}"

    async def start(self, on_web: WebHandler, on_console_change: Callable[[], None]) -> None:
        """Listen, and hand what arrives to `on_web` (another gateway's reply for a socket of
        ours) and `on_console_change` (a queue change there: wake the console pages here)."""
        self._on_web, self._on_console_change = on_web, on_console_change
        self._loop = asyncio.get_running_loop()
        await self._subscribe_all()
        self._listener = asyncio.create_task(self._listen())

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()
        await self._redis.aclose()

    # --- web sockets ---------------------------------------------------------------------
    async def watch(self, conversation_id: str) -> None:
        """This gateway now holds a socket for the conversation."""
        self._watched.add(conversation_id)
        with contextlib.suppress(Exception):  # the listener re-subscribes after a reconnection
            await self._pubsub.subscribe(self.web_channel(conversation_id))

    async def unwatch(self, conversation_id: str) -> None:
        self._watched.discard(conversation_id)
        with contextlib.suppress(Exception):
            await self._pubsub.unsubscribe(self.web_channel(conversation_id))

    async def publish_web(self, conversation_id: str, messages: list[dict[str, Any]]) -> int:
        """How many other gateways took the messages for their open sockets (0: nobody holds one)."""
        body = json.dumps({"origin": self._origin, "messages": messages}, ensure_ascii=False)
        receivers = await self._redis.publish(self.web_channel(conversation_id), body)
        return receivers - (1 if conversation_id in self._watched else 0)

    # --- the console's queue -------------------------------------------------------------
    def console_changed(self) -> None:
        """ChangeFeed hook: safe from any thread (the desk notifies from worker threads)."""
        if self._loop is None or self._loop.is_closed():
            return
        body = json.dumps({"origin": self._origin})
        self._loop.call_soon_threadsafe(
            lambda: self._loop.create_task(self._publish_quietly(self.console_channel, body))
        )

    async def _publish_quietly(self, channel: str, body: str) -> None:
        try:
            await self._redis.publish(channel, body)
        except Exception as exc:  # the pages re-read on their own in a few seconds
            logger.warning("could not tell the other gateways about a queue change: %s", exc)

    # --- listening ------------------------------------------------------------------------
    async def _subscribe_all(self) -> None:
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await self._pubsub.subscribe(self.console_channel, *(self.web_channel(c) for c in self._watched))

    async def _listen(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
                if message is not None:
                    await self._dispatch(message)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis restarted or unreachable: reconnect and re-subscribe
                logger.warning("gateway relay: %s; reconnecting in 1 s", exc)
                await asyncio.sleep(1)
                with contextlib.suppress(Exception):
                    await self._pubsub.aclose()
                with contextlib.suppress(Exception):
                    await self._subscribe_all()

    async def _dispatch(self, message: dict[str, Any]) -> None:
        channel = message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
        body = json.loads(message["data"])
        if body.get("origin") == self._origin:
            return
        if channel == self.console_channel:
            if self._on_console_change is not None:
                self._on_console_change()
            return
        prefix = f"{self._prefix}:web:"
        if channel.startswith(prefix) and self._on_web is not None:
            try:
                await self._on_web(channel[len(prefix) :], body.get("messages") or [])
            except Exception:
                logger.exception("could not push a relayed reply")
