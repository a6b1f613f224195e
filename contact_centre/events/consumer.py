"""Consumes Rasa's events from RabbitMQ into `cc_bot_events`, at least once and idempotently.

The queue and exchange are declared exactly as Rasa 3.6's PikaEventBroker declares them (a
durable queue bound to a non-durable fanout exchange): declaring them otherwise would make
RabbitMQ refuse one of the two. A message is acked only after its row is committed; a body that
is not one of Rasa's events is rejected without requeue (Rasa declares no dead-letter exchange,
so RabbitMQ drops it); a database failure requeues the messages after a pause.

Messages are written in batches: whatever has arrived (up to BATCH) goes in one transaction, so a
backlog drains at the database's pace for batches rather than for single rows, while a lone
message is written at once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from contact_centre.events.record import MalformedEvent, parse_body
from contact_centre.events.settings import EventFeedSettings
from contact_centre.events.store import BotEventStore

log = logging.getLogger(__name__)

PREFETCH = 256
BATCH = 128
DATABASE_RETRY_SECONDS = 2.0


@dataclass
class Counts:
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    retried: int = 0


class EventConsumer:
    def __init__(self, settings: EventFeedSettings, store: BotEventStore, connection_name: str) -> None:
        self.settings = settings
        self.counts = Counts()
        self._store = store
        self._connection_name = connection_name  # shown by `rabbitmqctl list_connections`
        self._connection: AbstractRobustConnection | None = None
        # One writer takes the messages in delivery order, so rows keep Rasa's order.
        self._arrived: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        c = self._connection
        return c is not None and not c.is_closed and c.connected.is_set() and not c.reconnecting

    @property
    def writing(self) -> bool:
        return self._writer is not None and not self._writer.done()

    @property
    def healthy(self) -> bool:
        """For /health: a consumer whose writer died holds its messages unacked; restart it."""
        return self.connected and self.writing

    def status(self) -> dict[str, object]:
        return {
            "rabbitmq": "connected" if self.connected else "disconnected",
            "writer": "running" if self.writing else "stopped",
            "queue": self.settings.queue,
            **asdict(self.counts),
        }

    async def start(self) -> None:
        """Connects (retrying until RabbitMQ answers), declares and starts consuming."""
        while self._connection is None:
            try:
                self._connection = await aio_pika.connect_robust(
                    self.settings.rabbitmq_url,
                    reconnect_interval=self.settings.reconnect_seconds,
                    client_properties={"connection_name": self._connection_name},
                )
            except (OSError, aio_pika.exceptions.AMQPConnectionError) as exc:
                log.warning("RabbitMQ not reachable (%s); retrying", exc.__class__.__name__)
                await asyncio.sleep(self.settings.reconnect_seconds)
        channel = await self._connection.channel()
        await channel.set_qos(prefetch_count=PREFETCH)
        exchange = await channel.declare_exchange(self.settings.exchange, aio_pika.ExchangeType.FANOUT)
        queue = await channel.declare_queue(self.settings.queue, durable=True)
        await queue.bind(exchange, "")
        self._writer = asyncio.create_task(self._write_forever())
        self._writer.add_done_callback(_log_death)
        await queue.consume(self._on_message)
        log.info("consuming Rasa's events from queue %s", self.settings.queue)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
        if self._connection is not None:
            await self._connection.close()

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        await self._arrived.put(message)

    async def _write_forever(self) -> None:
        while True:
            batch = [await self._arrived.get()]
            while len(batch) < BATCH and not self._arrived.empty():
                batch.append(self._arrived.get_nowait())
            await self._write(batch)

    async def _write(self, batch: list[AbstractIncomingMessage]) -> None:
        accepted = []
        for message in batch:
            try:
                accepted.append((message, parse_body(message.body)))
            except MalformedEvent as exc:
                # The body may hold a customer's words: log its size, not its content.
                log.warning(
                    "rejected a message that is not a Rasa event (%d bytes): %s", len(message.body), exc
                )
                self.counts.rejected += 1
                await _settle(message.reject(requeue=False))
        if not accepted:
            return
        try:
            stored = await asyncio.to_thread(self._store.add_many, [record for _, record in accepted])
        except Exception:  # noqa: BLE001 - the database is down or refusing: keep the messages
            log.exception("could not store %d events; requeued", len(accepted))
            self.counts.retried += len(accepted)
            await asyncio.sleep(DATABASE_RETRY_SECONDS)
            for message, _ in accepted:
                await _settle(message.nack(requeue=True))
            return
        for message, record in accepted:
            if record.event_key in stored:
                stored.discard(record.event_key)  # the same event twice in one batch counts once
                self.counts.stored += 1
            else:
                self.counts.duplicates += 1
            await _settle(message.ack())


def _log_death(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the event writer stopped; /health now says 503", exc_info=task.exception())


async def _settle(settling: object) -> None:
    """Ack/nack/reject; if the channel died meanwhile, RabbitMQ redelivers the message to the
    restored consumer, and the unique key makes the second write a no-op."""
    try:
        await settling  # type: ignore[misc]
    except Exception as exc:  # noqa: BLE001
        log.warning("could not settle a message (%s); it will be redelivered", exc.__class__.__name__)
