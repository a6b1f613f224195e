"""Run a piece of work in its own transaction, retrying when the database asks us to
(PostgreSQL serialization failures and deadlocks, SQLite's busy lock)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from banking_backend.unit_of_work import SqlUnitOfWork

T = TypeVar("T")
MAX_ATTEMPTS = 10
# serialization_failure, deadlock_detected, lock_not_available
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def is_retryable(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    if isinstance(exc, OperationalError) and "database is locked" in message:
        return True
    # Two requests with one idempotency key raced: the retry finds the winner's transfer.
    return isinstance(exc, IntegrityError) and "idempotency" in message


def in_transaction(uow: SqlUnitOfWork, work: Callable[[], T]) -> T:
    """`work()` then commit, in a fresh transaction per attempt. Inside a caller's open unit of
    work there is no fresh transaction to retry in, so the work runs once, in theirs."""
    if uow.active:
        with uow:
            result = work()
            uow.commit()
            return result
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with uow:
                result = work()
                uow.commit()
                return result
        except DBAPIError as exc:
            if attempt == MAX_ATTEMPTS or not is_retryable(exc):
                raise
            time.sleep(random.uniform(0, 0.005 * 2**attempt))
    raise AssertionError("unreachable")
