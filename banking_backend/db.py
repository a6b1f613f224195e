"""Engines and sessions: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL via psycopg 3."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from banking_backend.settings import database_url

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str | None = None, **engine_kwargs: Any) -> Engine:
    """Create an engine for `url` (default: `settings.database_url()`).

    SQLite transactions start with BEGIN IMMEDIATE: SQLite has no row locks, so taking
    the write lock up front is what keeps two transfers from reading the same balance,
    and it avoids the lock-upgrade failures of deferred transactions.
    """
    url = url or database_url()
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        connect_args.update(engine_kwargs.pop("connect_args", {}))
        engine = create_engine(url, connect_args=connect_args, **engine_kwargs)
        _configure_sqlite(engine)
        return engine
    engine_kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **engine_kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below); the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
