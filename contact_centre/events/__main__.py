"""`python -m contact_centre.events`: the consumer and its /health, until SIGTERM or SIGINT.

Environment: RABBITMQ_URL (required), BANKBOT_EVENTS_QUEUE (bankbot_events),
BANKBOT_EVENTS_EXCHANGE (rasa-exchange), EVENTS_HOST (127.0.0.1), EVENTS_PORT (5060),
DATABASE_URL (the contact centre's database, migrated by `bankbot migrate`)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys

from contact_centre.db import make_engine
from contact_centre.events.consumer import EventConsumer
from contact_centre.events.health import start_health_server
from contact_centre.events.settings import EventFeedSettings
from contact_centre.events.store import BotEventStore
from kernel.masking import mask_log_records

log = logging.getLogger("contact_centre.events")


async def serve(settings: EventFeedSettings) -> None:
    store = BotEventStore(make_engine(settings.database_url))
    try:
        store.check_schema()
    except Exception as exc:
        store.dispose()
        raise RuntimeError(
            f"no table cc_bot_events: run `bankbot migrate` first ({exc.__class__.__name__})"
        ) from exc
    consumer = EventConsumer(settings, store, f"bankbot-events@{socket.gethostname()}:{os.getpid()}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = await start_health_server(
        settings.host, settings.port, lambda: consumer.healthy, consumer.status
    )
    log.info("health on http://%s:%d/health", settings.host, settings.port)
    starting = asyncio.create_task(consumer.start())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if starting.done():
            starting.result()  # a refused declaration (say, a queue of another kind) ends the process
            await stopping
    finally:
        starting.cancel()
        stopping.cancel()
        server.close()
        await consumer.close()
        store.dispose()
        log.info("stopped: %s", consumer.status())


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    mask_log_records()
    try:
        settings = EventFeedSettings.from_env()
    except ValueError as exc:
        print(f"contact_centre.events: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(settings))
    except Exception as exc:  # noqa: BLE001 - a missing table or a bad URL: say so and exit non-zero
        log.error("event consumer stopped: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
