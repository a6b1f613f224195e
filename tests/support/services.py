"""Where the tests find PostgreSQL, Redis and RabbitMQ: the one place for their addresses.

BANKBOT_TEST_POSTGRES_URL (a server's admin database, trust or password in the URL),
BANKBOT_TEST_REDIS_URL and BANKBOT_TEST_RABBITMQ_URL, defaulting to the usual servers on
127.0.0.1. When one of them does not accept connections, the test run starts a private server in
its place (tests/support/private_services.py) and points the variable at it; see tests/conftest.py.
The accessors below wait for that server to be up, so a test that needs it just asks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.support.private_services import (
    PrivatePostgres,
    PrivateRabbitMQ,
    PrivateRedis,
    accepts_connections,
    server_missing,
)


@dataclass(frozen=True)
class Service:
    name: str  # also the pytest marker of the tests that need it
    title: str
    variable: str
    default: str
    default_port: int
    debian_package: str


POSTGRES = Service(
    "postgres", "PostgreSQL", "BANKBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test",
    5432, "postgresql",
)  # fmt: skip
REDIS = Service("redis", "Redis", "BANKBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0", 6379, "redis-server")
RABBITMQ = Service(
    "rabbitmq", "RabbitMQ", "BANKBOT_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/", 5672,
    "rabbitmq-server",
)  # fmt: skip
SERVICES = (POSTGRES, REDIS, RABBITMQ)


def configured_url(service: Service) -> str:
    return os.environ.get(service.variable) or service.default


def database_url(admin: str, name: str) -> str:
    """The SQLAlchemy URL of database `name` on the server of `admin` (a libpq URL or
    `key=value` string)."""
    from psycopg.conninfo import conninfo_to_dict
    from sqlalchemy.engine import URL

    params = conninfo_to_dict(admin)
    url = URL.create(
        "postgresql+psycopg",
        username=params.get("user"),
        password=params.get("password"),
        host=params.get("host"),
        port=int(params["port"]) if params.get("port") else None,
        database=name,
    )
    return url.render_as_string(hide_password=False)


def reachable(service: Service) -> bool:
    parts = urlsplit(configured_url(service))
    return accepts_connections(parts.hostname or "127.0.0.1", parts.port or service.default_port)


@dataclass
class _Private:
    """A private server being started in a background thread; `server` once it is up."""

    service: Service
    unreachable: str  # the configured address, before the private server replaced it
    started_at: float = field(default_factory=time.monotonic)
    server: object | None = None
    error: BaseException | None = None
    seconds: float | None = None
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None


_STARTERS: dict[str, Callable[[], object]] = {
    "postgres": PrivatePostgres,
    "redis": PrivateRedis,
    "rabbitmq": lambda: _rabbitmq_ready(PrivateRabbitMQ()),
}
_fallbacks: dict[str, _Private] = {}  # service name -> its private server, for unreachable ones
_lock = threading.Lock()


def _rabbitmq_ready(node: PrivateRabbitMQ) -> PrivateRabbitMQ:
    try:
        node.wait_ready()
    except BaseException:
        node.close()
        raise
    return node


def plan_fallbacks() -> list[Service]:
    """The services not reachable at their configured address: these get private servers, started
    on demand (start_private or the accessors below)."""
    with _lock:
        for service in SERVICES:
            if service.name not in _fallbacks and not reachable(service):
                _fallbacks[service.name] = _Private(service, configured_url(service))
        return [p.service for p in _fallbacks.values()]


def _start(private: _Private) -> None:
    try:
        private.server = _STARTERS[private.service.name]()
        private.seconds = time.monotonic() - private.started_at
        os.environ[private.service.variable] = private_url(private.server)
    except BaseException as exc:  # reported to the test that needs the server
        private.error = exc
    finally:
        private.done.set()


def private_url(server: object) -> str:
    return server.admin_url if isinstance(server, PrivatePostgres) else server.url  # type: ignore[attr-defined]


def start_private(names: set[str]) -> None:
    """Starts, in the background, the planned private servers among `names` not started yet."""
    with _lock:
        for name in names:
            private = _fallbacks.get(name)
            if private is not None and private.thread is None:
                private.started_at = time.monotonic()
                private.thread = threading.Thread(target=_start, args=(private,), daemon=True)
                private.thread.start()


def _url(service: Service) -> str:
    private = _fallbacks.get(service.name)
    if private is None:
        return configured_url(service)
    start_private({service.name})
    private.done.wait()
    if private.error is not None:
        import pytest

        how = (
            f"install {service.debian_package} (`make test` does it when run as root)"
            if server_missing(service.name)
            else f"the private {service.title} failed: {private.error}"
        )
        where = f"{private.unreachable} ({service.variable})"
        pytest.fail(f"{service.title} is not reachable at {where}; {how}")
    return configured_url(service)


def postgres_url() -> str:
    """The libpq URL of the admin database of the PostgreSQL server the tests use."""
    return _url(POSTGRES)


def redis_url() -> str:
    return _url(REDIS)


def rabbitmq_url() -> str:
    return _url(RABBITMQ)


def rabbitmqctl(*args: str) -> subprocess.CompletedProcess:
    """rabbitmqctl against the node the tests use (a private node needs its name and cookie)."""
    rabbitmq_url()
    private = _fallbacks.get("rabbitmq")
    if private is not None and isinstance(private.server, PrivateRabbitMQ):
        return private.server.ctl(*args)
    return subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, timeout=90, check=False)


def summary() -> list[str]:
    """One line per private server: for the report header and the end of the run."""
    lines = []
    for private in _fallbacks.values():
        service = private.service
        if private.seconds is not None:
            state = f"at {configured_url(service)} (up in {private.seconds:.1f} s)"
        elif private.error is not None:
            state = f"failed: {private.error}"
        else:
            state = "to start when a test needs it (none has yet)"
        lines.append(f"{service.title}: nothing at {private.unreachable}, private server {state}")
    return lines


def stop_all() -> None:
    """Stops every private server (waiting for those still starting)."""
    for private in list(_fallbacks.values()):
        if private.thread is not None:
            private.done.wait(timeout=200)
        if private.server is not None:
            try:
                private.server.close()  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - the others are stopped all the same
                print(f"stopping the private {private.service.title}: {exc}", file=sys.stderr)
            private.server = None


def missing_servers() -> list[str]:
    """Debian packages to install: services that are unreachable and whose server is absent."""
    return [s.debian_package for s in SERVICES if not reachable(s) and server_missing(s.name)]


if __name__ == "__main__":  # scripts/bootstrap.sh asks which server packages `make test` lacks
    print(" ".join(missing_servers()))
