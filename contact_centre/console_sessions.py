"""Server-side console sessions, so that a session can be ended: at sign-out, when its agent signs
in again (the old id dies), after `idle` without a request, after `max_age` in all, and when a
supervisor (or `bankbot end-console-sessions`) ends an agent's sessions. The browser holds a random
id; the table (`cc_console_sessions`) holds its SHA-256 only. Every gateway reads the same table,
so an ended session is ended everywhere at once.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from contact_centre import models as m
from contact_centre.unit_of_work import CentreUnitOfWork

logger = logging.getLogger(__name__)

# last_seen_at is written at most this often: one write per page view would be one per SSE re-read.
TOUCH_EVERY = timedelta(seconds=30)
# Ended and expired rows are kept this long (who was signed in when), then deleted.
KEEP_ENDED = timedelta(days=30)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(uow: CentreUnitOfWork, agent_id: int, *, replacing: str | None = None) -> str:
    """A new session for the agent; its id (for the cookie). The session the browser had
    (`replacing`), if any, ends: a session id is never carried across a sign-in."""
    token = new_token()
    with uow:
        now = uow.now()
        if replacing:
            _end(uow, m.ConsoleSession.token_hash == token_hash(replacing), "signed in again")
        uow.session.execute(delete(m.ConsoleSession).where(m.ConsoleSession.created_at < now - KEEP_ENDED))
        uow.session.add(
            m.ConsoleSession(
                token_hash=token_hash(token), agent_id=agent_id, created_at=now, last_seen_at=now
            )
        )
        uow.commit()
    return token


def agent_of(
    uow: CentreUnitOfWork, token: str, *, idle: timedelta, max_age: timedelta, touch: bool = True
) -> int | None:
    """The agent whose live session this is, else None (unknown, ended, idle too long, too old).
    `touch`: this request counts as activity (a live page's background re-reads do not)."""
    with uow:
        row = uow.session.scalar(
            select(m.ConsoleSession).where(m.ConsoleSession.token_hash == token_hash(token))
        )
        if row is None or row.ended_at is not None:
            return None
        now = uow.now()
        if now - row.last_seen_at > idle or now - row.created_at > max_age:
            row.ended_at, row.ended_why = now, "idle" if now - row.created_at <= max_age else "expired"
            uow.commit()
            return None
        if touch and now - row.last_seen_at >= TOUCH_EVERY:
            row.last_seen_at = now
            uow.commit()
        return row.agent_id


def end(uow: CentreUnitOfWork, token: str) -> None:
    """Sign-out: the session is dead wherever its cookie is."""
    with uow:
        _end(uow, m.ConsoleSession.token_hash == token_hash(token), "signed out")
        uow.commit()


def end_all_for(uow: CentreUnitOfWork, agent_id: int, *, why: str) -> int:
    """End every live session of the agent (a supervisor's decision, a stolen cookie): how many."""
    with uow:
        ended = _end(uow, m.ConsoleSession.agent_id == agent_id, why)
        uow.commit()
    logger.warning("console sessions of agent %s ended (%s): %s", agent_id, why, ended)
    return ended


def live_counts(uow: CentreUnitOfWork, *, idle: timedelta, max_age: timedelta) -> dict[int, int]:
    """Live sessions per agent id, for the agents page."""
    with uow:
        now = uow.now()
        rows = uow.session.execute(
            select(m.ConsoleSession.agent_id, func.count())
            .where(
                m.ConsoleSession.ended_at.is_(None),
                m.ConsoleSession.last_seen_at >= now - idle,
                m.ConsoleSession.created_at >= now - max_age,
            )
            .group_by(m.ConsoleSession.agent_id)
        )
        return {agent_id: count for agent_id, count in rows}


def _end(uow: CentreUnitOfWork, which, why: str) -> int:
    result = uow.session.execute(
        update(m.ConsoleSession)
        .where(which, m.ConsoleSession.ended_at.is_(None))
        .values(ended_at=uow.now(), ended_why=why)
    )
    return result.rowcount or 0
