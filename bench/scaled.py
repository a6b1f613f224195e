"""The shared stores a bench needs for `bankbot run --instances N`: a PostgreSQL database of its
own (created on the local server unless one is given, dropped at the end) and a Redis key prefix
of its own (its keys deleted at the end). No event broker: the bench measures the bot's path."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from tests.support.services import POSTGRES, REDIS, configured_url, database_url

# The tests' servers (tests/support/services.py) unless BENCH_PG_ADMIN / REDIS_URL say otherwise.
PG_ADMIN_DSN = os.environ.get("BENCH_PG_ADMIN") or configured_url(POSTGRES)
REDIS_URL = os.environ.get("REDIS_URL") or configured_url(REDIS)


class StoresUnreachable(RuntimeError):
    pass


@dataclass(frozen=True)
class ScaledStores:
    database_url: str
    env: dict[str, str]  # what `bankbot run --instances N` reads besides DATABASE_URL


def _require_postgres(dsn: str) -> None:
    import psycopg

    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        raise StoresUnreachable(f"PostgreSQL is not reachable ({dsn}): {exc}".strip()) from exc


def _redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        raise StoresUnreachable(f"Redis is not reachable at {REDIS_URL}: {exc}") from exc
    return client


@contextlib.contextmanager
def _own_database() -> Iterator[str]:
    import psycopg

    name = f"bench_e2e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(PG_ADMIN_DSN, name)
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scaled_stores(database_url: str | None) -> Iterator[ScaledStores]:
    """Checks both stores first (StoresUnreachable says which one is missing); `database_url`, if
    given, must be PostgreSQL and is left as it is; otherwise a fresh database is made and dropped."""
    if database_url is not None and not database_url.startswith("postgresql"):
        raise ValueError("--instances N needs --database-url on PostgreSQL (postgresql+psycopg://...)")
    if database_url is None:
        _require_postgres(PG_ADMIN_DSN)
    else:
        url = make_url(database_url).set(drivername="postgresql")
        _require_postgres(url.render_as_string(hide_password=False))
    redis_client = _redis_client()
    prefix = f"benche2e{uuid.uuid4().hex[:10]}"  # Rasa wants it alphanumeric
    env = {
        "REDIS_URL": REDIS_URL,
        "BANKBOT_REDIS_PREFIX": prefix,
        # Everything in the bench's own database, and no broker: not whatever the shell has set.
        **dict.fromkeys(
            ("RABBITMQ_URL", "TRACKER_DATABASE_URL", "BANKBOT_TRACKER_DB_URL", "CHANNELS_DATABASE_URL"), ""
        ),
    }
    try:
        with contextlib.nullcontext(database_url) if database_url else _own_database() as url:
            yield ScaledStores(url, env)
    finally:
        for key in redis_client.scan_iter(f"{prefix}*"):
            redis_client.delete(key)
        redis_client.close()
