"""The contact centre's unit of work: `with uow: ...; uow.commit()`; leaving without commit
rolls back. The clock is injected so that tests control waiting times and SLAs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from contact_centre.db import make_engine, make_session_factory


def utc_now() -> datetime:
    return datetime.now(UTC)


class CentreUnitOfWork:
    """Reusable; nested `with` blocks share the outer session, only the outermost closes it."""

    session: Session

    def __init__(
        self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] | None = None
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock or utc_now
        self._depth = 0

    @classmethod
    def from_url(
        cls, url: str | None = None, clock: Callable[[], datetime] | None = None
    ) -> CentreUnitOfWork:
        return cls(make_session_factory(make_engine(url)), clock)

    def now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes")
        return now.astimezone(UTC)

    def __enter__(self) -> CentreUnitOfWork:
        if self._depth == 0:
            self.session = self._session_factory()
        self._depth += 1
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._depth -= 1
        if self._depth == 0:
            try:
                self.session.rollback()
            finally:
                self.session.close()

    def commit(self) -> None:
        self.session.commit()
