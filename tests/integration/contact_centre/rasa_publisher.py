"""Publishes events with Rasa 3.6's own PikaEventBroker (run with `.venv-core/bin/python`).

argv: a JSON file holding a list of event dicts, each with `sender_id`. Each goes through Rasa's
`Event.from_parameters` and is published as `TrackerStore._stream_new_events` does it:
`{"sender_id": ..., **event.as_dict()}`. Environment: RABBITMQ_HOST, RABBITMQ_PORT,
RABBITMQ_USER, RABBITMQ_PASSWORD, BANKBOT_EVENTS_QUEUE, BANKBOT_EVENTS_EXCHANGE."""

import asyncio
import json
import os
import sys

from rasa.core.brokers.pika import PikaEventBroker
from rasa.shared.core.events import Event


async def publish(path: str) -> int:
    dicts = json.loads(open(path, encoding="utf-8").read())
    broker = PikaEventBroker(
        host=os.environ.get("RABBITMQ_HOST", "127.0.0.1"),
        username=os.environ.get("RABBITMQ_USER", "guest"),
        password=os.environ.get("RABBITMQ_PASSWORD", "guest"),
        port=int(os.environ.get("RABBITMQ_PORT", "5672")),
        queues=[os.environ["BANKBOT_EVENTS_QUEUE"]],
        exchange_name=os.environ["BANKBOT_EVENTS_EXCHANGE"],
        raise_on_failure=True,
        event_loop=asyncio.get_running_loop(),
        connection_attempts=3,
        retry_delay_in_seconds=1,
    )
    await broker.connect()
    for data in dicts:
        sender_id = data.pop("sender_id")
        body = {"sender_id": sender_id}
        body.update(Event.from_parameters(data).as_dict())
        broker.publish(body)
    # publish() schedules a task per event; wait for them before closing.
    while broker._background_tasks:
        await asyncio.sleep(0.05)
    await broker.close()
    return len(dicts)


if __name__ == "__main__":
    print(asyncio.run(publish(sys.argv[1])))
