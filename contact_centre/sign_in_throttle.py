"""Sign-in throttling for the console, counted in the database so that every gateway process
sees the same count: 5 failed sign-ins for one username within 15 minutes lock that username
for 15 minutes, 20 failures from one address within 15 minutes lock the address, both even for
the right password. Usernames are counted as typed, whether or not they exist, so a lock says
nothing about which names exist. A successful sign-in clears its username's failures.

An attempt is written down as a failure before its password is checked and counts the *others*:
concurrent attempts (on any gateway) then see one another, and a burst of guesses cannot slip
through before the first of them has failed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from contact_centre import models as m
from contact_centre.domain import CentreError
from contact_centre.unit_of_work import CentreUnitOfWork

logger = logging.getLogger(__name__)

USERNAME_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)  # the failures that count are this close together
LOCK = timedelta(minutes=15)  # how long a lock lasts, from the failure that set it


class SignInLocked(CentreError):
    """Too many recent failures for the username or the address: no sign-in until `until`
    (answered alike whether or not the username exists)."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"sign-in refused until {until.isoformat()}")
        self.until = until


@dataclass(frozen=True, slots=True)
class Attempt:
    id: int
    username: str
    address: str | None


def locked_until(failures: Sequence[datetime], limit: int) -> datetime | None:
    """When the latest lock among these failures ends: `limit` of them within WINDOW lock for
    LOCK from the last of the `limit`. None when they never reached the limit."""
    times = sorted(failures)
    ends = [times[i] + LOCK for i in range(limit - 1, len(times)) if times[i] - times[i - limit + 1] < WINDOW]
    return max(ends, default=None)


def begin(uow: CentreUnitOfWork, username: str, address: str | None) -> Attempt:
    """Write the attempt down as a failure (committed, so that other processes count it), then
    raise SignInLocked if its username or address was locked already."""
    username, address = username[:255], address[:64] if address else None
    with uow:
        now = uow.now()
        # Failures older than this can no longer be part of a lock: keep the table small.
        uow.session.execute(delete(m.SignInFailure).where(m.SignInFailure.failed_at < now - WINDOW - LOCK))
        row = m.SignInFailure(username=username, address=address, failed_at=now)
        uow.session.add(row)
        uow.session.flush()
        attempt = Attempt(row.id, username, address)
        uow.commit()
    with uow:
        locks = _running_locks(uow, attempt, others_only=True)
        if not locks:
            return attempt
        uow.session.execute(delete(m.SignInFailure).where(m.SignInFailure.id == attempt.id))
        uow.commit()
    logger.warning(
        "console sign-in refused unchecked for %r from %s: %s", username, address, _described(locks)
    )
    raise SignInLocked(max(locks.values()))


def failed(uow: CentreUnitOfWork, attempt: Attempt) -> datetime | None:
    """The password was wrong: the attempt stays a failure. Returns when the lock it set (or
    that a concurrent failure set) ends, if there is one now."""
    with uow:
        locks = _running_locks(uow, attempt, others_only=False)
    logger.warning("console sign-in failed for %r from %s", attempt.username, attempt.address)
    if not locks:
        return None
    logger.warning("console sign-in locked after too many failures: %s", _described(locks))
    return max(locks.values())


def succeeded(uow: CentreUnitOfWork, attempt: Attempt) -> None:
    """Signed in: the username's failures (this attempt's row among them) are forgotten."""
    with uow:
        uow.session.execute(delete(m.SignInFailure).where(m.SignInFailure.username == attempt.username))
        uow.commit()


def _running_locks(uow: CentreUnitOfWork, attempt: Attempt, *, others_only: bool) -> dict[str, datetime]:
    """The locks on the attempt's username and address that run now: what is locked → until."""
    now = uow.now()
    counted = {
        f"username {attempt.username!r}": (m.SignInFailure.username == attempt.username, USERNAME_LIMIT)
    }
    if attempt.address is not None:
        counted[f"address {attempt.address}"] = (m.SignInFailure.address == attempt.address, ADDRESS_LIMIT)
    running = {}
    for what, (key, limit) in counted.items():
        query = select(m.SignInFailure.failed_at).where(key, m.SignInFailure.failed_at >= now - WINDOW - LOCK)
        if others_only:
            query = query.where(m.SignInFailure.id != attempt.id)
        end = locked_until(list(uow.session.scalars(query)), limit)
        if end is not None and end > now:
            running[what] = end
    return running


def _described(locks: dict[str, datetime]) -> str:
    return ", ".join(f"{what} locked until {until.isoformat()}" for what, until in locks.items())
