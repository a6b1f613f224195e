"""The contact centre's unit of work: `with uow: ...; uow.commit()`; leaving without commit
rolls back. The clock is injected so that tests control waiting times and SLAs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from contact_centre.db import make_engine, make_session_factory


def utc_now() -> datetime:
    return datetime.now(UTC)


class CentreUnitOfWork:
    """One object shared by the whole app: each thread gets its own session (the desk runs
    service calls in worker threads); nested `with` blocks in a thread share the outer session,
    and only the outermost closes it."""

    def __init__(
        self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] | None = None
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock or utc_now
        self._local = threading.local()

    @classmethod
    def from_url(
        cls, url: str | None = None, clock: Callable[[], datetime] | None = None
    ) -> CentreUnitOfWork:
        return cls(make_session_factory(make_engine(url)), clock)

    @property
    def session(self) -> Session:
        session = getattr(self._local, "session", None)
        if session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return session

    def now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes")
        return now.astimezone(UTC)

    def __enter__(self) -> CentreUnitOfWork:
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.session = self._session_factory()
        self._local.depth = depth + 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._local.depth -= 1
        if self._local.depth == 0:
            session, self._local.session = self._local.session, None
            try:
                session.rollback()
            finally:
                session.close()

    def commit(self) -> None:
        self.session.commit()
