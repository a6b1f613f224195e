"""Test aids for the event feed: unique RabbitMQ names, Rasa's own publisher, the consumer as a
real process with its /health, and RabbitMQ's side of a connection drop."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import aio_pika
import httpx

from tests.support import services

REPO = Path(__file__).resolve().parents[3]
CORE_PYTHON = REPO / ".venv-core" / "bin" / "python"
PUBLISHER = Path(__file__).with_name("rasa_publisher.py")
WAIT_SECONDS = 60


@dataclass(frozen=True)
class FeedNames:
    """A queue and an exchange of the test's own: publishing to Rasa's shared exchange would
    reach other people's queues bound to it."""

    queue: str
    exchange: str

    @classmethod
    def unique(cls) -> FeedNames:
        tag = uuid.uuid4().hex[:10]
        return cls(f"test_bankbot_events_{tag}", f"test-rasa-exchange-{tag}")

    async def _delete(self) -> None:
        connection = await aio_pika.connect(services.rabbitmq_url())
        async with connection:
            channel = await connection.channel()
            await channel.queue_delete(self.queue)
            await channel.exchange_delete(self.exchange)

    def delete(self) -> None:
        asyncio.run(self._delete())

    def ready_messages(self) -> int:
        async def count() -> int:
            connection = await aio_pika.connect(services.rabbitmq_url())
            async with connection:
                channel = await connection.channel()
                queue = await channel.declare_queue(self.queue, passive=True)
                return queue.declaration_result.message_count or 0

        return asyncio.run(count())


def publish_with_rasa(names: FeedNames, events: list[dict], tmp_path: Path) -> None:
    """Rasa's PikaEventBroker publishes `events` (dicts with sender_id), as a Rasa server would."""
    path = tmp_path / f"events-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(events))
    broker = urlsplit(services.rabbitmq_url())
    env = os.environ | {
        "BANKBOT_EVENTS_QUEUE": names.queue,
        "BANKBOT_EVENTS_EXCHANGE": names.exchange,
        "RABBITMQ_HOST": broker.hostname or "127.0.0.1",
        "RABBITMQ_PORT": str(broker.port or 5672),
        "RABBITMQ_USER": unquote(broker.username or "guest"),
        "RABBITMQ_PASSWORD": unquote(broker.password or "guest"),
    }
    done = subprocess.run(
        [str(CORE_PYTHON), str(PUBLISHER), str(path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == str(len(events))


def publish_raw(names: FeedNames, bodies: list[bytes]) -> None:
    """Messages that Rasa would never send, on the same exchange."""

    async def send() -> None:
        connection = await aio_pika.connect(services.rabbitmq_url())
        async with connection:
            channel = await connection.channel()
            exchange = await channel.declare_exchange(names.exchange, aio_pika.ExchangeType.FANOUT)
            for body in bodies:
                await exchange.publish(
                    aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT), ""
                )

    asyncio.run(send())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ConsumerProcess:
    """`python -m contact_centre.events` with its own queue, exchange, port and database."""

    names: FeedNames
    database_url: str
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    rabbitmq_url: str = field(default_factory=services.rabbitmq_url)

    def start(self, wait_connected: bool = True) -> ConsumerProcess:
        env = os.environ | {
            "RABBITMQ_URL": self.rabbitmq_url,
            "BANKBOT_EVENTS_QUEUE": self.names.queue,
            "BANKBOT_EVENTS_EXCHANGE": self.names.exchange,
            "EVENTS_PORT": str(self.port),
            "DATABASE_URL": self.database_url,
        }
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "contact_centre.events"],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=self._log,
        )
        if wait_connected:
            self.wait_for(lambda status: status.get("rabbitmq") == "connected", "connected")
        return self

    @property
    def connection_name(self) -> str:
        assert self.process is not None
        return f"bankbot-events@{socket.gethostname()}:{self.process.pid}"

    def health(self) -> tuple[int, dict]:
        response = httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=5)
        return response.status_code, response.json()

    def wait_for(self, ready: Callable[[dict], bool], what: str, code_wanted: int = 200) -> dict:
        """The consumer's status once `ready(status)` holds and /health answers `code_wanted`."""
        deadline = time.monotonic() + WAIT_SECONDS
        last: object = None
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"the consumer exited ({self.process.returncode}): {self.log()}")
            try:
                code, status = self.health()
            except httpx.TransportError as exc:
                last = exc
            else:
                last = (code, status)
                if code == code_wanted and ready(status):
                    return status
            time.sleep(0.2)
        raise AssertionError(f"consumer never {what}; last /health: {last}; log: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


def rabbitmqctl(*args: str) -> str:
    try:
        done = services.rabbitmqctl("-q", *args)
    except FileNotFoundError:
        message = "rabbitmqctl is not on PATH: it closes the consumer's connection server-side"
        raise AssertionError(message) from None
    assert done.returncode == 0, f"rabbitmqctl {' '.join(args)}: {done.stderr}"
    return done.stdout


def connection_pids(connection_name: str) -> list[str]:
    """RabbitMQ's ids of the connections whose client named itself `connection_name`, in the form
    `close_connection` takes (the JSON formatter prints ids it does not accept)."""
    rows = json.loads(rabbitmqctl("list_connections", "name", "client_properties", "--formatter", "json"))
    ours = {
        row["name"]
        for row in rows
        if ["connection_name", "longstr", connection_name] in row.get("client_properties", [])
    }
    table = rabbitmqctl("list_connections", "--no-table-headers", "pid", "name").splitlines()
    return [pid for pid, _, name in (line.partition("\t") for line in table) if name in ours]


def close_connection_server_side(pid: str) -> None:
    rabbitmqctl("close_connection", pid, "test: the broker drops the consumer")
