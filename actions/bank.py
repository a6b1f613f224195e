"""The action server's door to the bank: one engine per process, one unit of work per action."""

from __future__ import annotations

from functools import lru_cache

from banking_backend.db import make_engine, make_session_factory
from banking_backend.unit_of_work import SqlUnitOfWork


@lru_cache(maxsize=1)
def _session_factory():
    # Made on first use, not at import: the action server may start before the database is ready.
    return make_session_factory(make_engine())


def unit_of_work() -> SqlUnitOfWork:
    return SqlUnitOfWork(_session_factory())
