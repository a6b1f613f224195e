"""The database pieces every package with tables uses: engines, sessions, the UTC datetime
column type, the naming rule for constraints and a declarative Base per package.

For our Python 3.11 code only: it needs SQLAlchemy 2, which the Rasa runtime (3.10, SQLAlchemy
1.4) does not have, so nothing that Rasa imports (kernel/identity.py, kernel/masking.py,
kernel/texts.py, bot/) may import this module.

Each package keeps its own Base and MetaData (made by `declarative_base`): the bank, the contact
centre and the gateway have migration histories of their own, apart in one database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000

# Named constraints, so that a migration can drop or alter them by name on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, stored as naive UTC on SQLite and PostgreSQL alike; a naive
    datetime is refused rather than guessed at."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database: use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def declarative_base() -> type[DeclarativeBase]:
    """A new declarative Base with its own MetaData under the house's naming rule."""

    class Base(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING)

    return Base


def make_engine(url: str, **engine_kwargs: Any) -> Engine:
    """An engine for `url`: SQLite with WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE;
    anything else (PostgreSQL via psycopg 3) as SQLAlchemy makes it, with pre-ping.

    SQLite transactions start with BEGIN IMMEDIATE: SQLite has no row locks, so taking the write
    lock up front is what keeps two transfers from reading the same balance, and it avoids the
    lock-upgrade failures of deferred transactions.
    """
    if not url.startswith("sqlite"):
        engine_kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **engine_kwargs)
    connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    connect_args.update(engine_kwargs.pop("connect_args", {}))
    engine = create_engine(url, connect_args=connect_args, **engine_kwargs)
    _configure_sqlite(engine)
    return engine


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
