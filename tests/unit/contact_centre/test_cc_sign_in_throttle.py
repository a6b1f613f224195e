"""Sign-in throttling's rules: when failures make a lock and how long it lasts; concurrent
guesses cannot slip past the limit; old failures do not pile up. (The console's answers over
HTTP are in tests/integration/contact_centre/test_cc_sign_in_throttle.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from contact_centre import agents, models
from contact_centre.domain import InvalidCredentials
from contact_centre.sign_in_throttle import SignInLocked, locked_until
from tests.support.concurrency import at_once

T0 = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


def minutes(*offsets: float) -> list[datetime]:
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_five_failures_within_fifteen_minutes_lock_for_fifteen_minutes_from_the_fifth():
    assert locked_until(minutes(0, 3, 6, 9, 14.9), 5) == T0 + timedelta(minutes=29.9)
    assert locked_until(minutes(0, 1, 2, 3), 5) is None
    # The oldest of five is a quarter of an hour before the fifth: not "within" 15 minutes.
    assert locked_until(minutes(0, 4, 8, 12, 15), 5) is None
    # The latest lock counts: failures after an earlier lock ended make a new one.
    assert locked_until(minutes(0, 1, 2, 3, 4, 40, 41, 42, 43, 44), 5) == T0 + timedelta(minutes=59)


def failures_stored(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(models.SignInFailure))


def test_a_burst_of_concurrent_guesses_gets_at_most_five_passwords_checked(uow, staff):
    guesses = at_once(
        lambda: agents.authenticate(uow, "sue", "a guess", address="203.0.113.7"),
        12,
        expected=(InvalidCredentials, SignInLocked),
    )
    outcomes = [type(refused).__name__ for refused in guesses if isinstance(refused, Exception)]
    assert len(outcomes) == 12  # every guess refused
    # Only checked guesses stay failures; the ones refused unchecked are not kept.
    assert failures_stored(uow) <= 5
    assert outcomes.count("InvalidCredentials") <= 4


def test_a_lock_is_not_prolonged_by_attempts_during_it_and_old_failures_are_pruned(uow, staff, clock):
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            agents.authenticate(uow, "sue", "a guess")
    with pytest.raises(SignInLocked) as fifth:
        agents.authenticate(uow, "sue", "a guess")
    assert fifth.value.until == clock.now + timedelta(minutes=15)
    clock.advance(minutes=10)
    with pytest.raises(SignInLocked) as during:
        agents.authenticate(uow, "sue", "sue-password-123")
    assert during.value.until == fifth.value.until
    clock.advance(minutes=5)
    assert agents.authenticate(uow, "sue", "sue-password-123").username == "sue"
    assert failures_stored(uow) == 0

    with pytest.raises(InvalidCredentials):
        agents.authenticate(uow, "nobody", "a guess")
    clock.advance(minutes=31)
    with pytest.raises(InvalidCredentials):
        agents.authenticate(uow, "somebody", "a guess")
    assert failures_stored(uow) == 1  # nobody's failure is too old to count, and gone
