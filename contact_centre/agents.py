"""Agents and supervisors of the console: argon2id password hashes, throttled sign-in, roles."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contact_centre import models as m
from contact_centre import sign_in_throttle
from contact_centre.domain import (
    ROLES,
    AgentExists,
    AgentNotFound,
    AgentView,
    InvalidCredentials,
    InvalidInput,
)
from contact_centre.unit_of_work import CentreUnitOfWork

MIN_PASSWORD_CHARS = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so a wrong name costs the same time as a
# wrong password and does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("no such agent: constant-time padding")


def view(agent: m.Agent) -> AgentView:
    return AgentView(agent.id, agent.username, agent.display_name, agent.role, agent.active)


def create_agent(
    uow: CentreUnitOfWork,
    username: str,
    password: str,
    *,
    role: str = "agent",
    name: str | None = None,
    min_password_chars: int = MIN_PASSWORD_CHARS,
) -> AgentView:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InvalidInput("a username is 2-64 characters: lower-case letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if len(password) < min_password_chars:
        raise InvalidInput(f"a password has at least {min_password_chars} characters")
    with uow:
        if uow.session.scalar(select(m.Agent).where(m.Agent.username == username)) is not None:
            raise AgentExists(username)
        agent = m.Agent(
            username=username,
            display_name=(name or username).strip(),
            role=role,
            password_hash=_hasher.hash(password),
            active=True,
            created_at=uow.now(),
        )
        uow.session.add(agent)
        try:
            uow.session.flush()
        except IntegrityError:
            raise AgentExists(username) from None
        result = view(agent)
        uow.commit()
        return result


def authenticate(
    uow: CentreUnitOfWork, username: str, password: str, *, address: str | None = None
) -> AgentView:
    """The agent whose password this is, or InvalidCredentials (which never says why).
    Throttled (`sign_in_throttle`): SignInLocked, without a look at the password, while the
    username or the client's `address` has too many recent failures, and for the failure that
    reaches the limit."""
    username = username.strip().lower()
    attempt = sign_in_throttle.begin(uow, username, address)
    try:
        agent = _check_password(uow, username, password)
    except InvalidCredentials:
        until = sign_in_throttle.failed(uow, attempt)
        if until is not None:
            raise sign_in_throttle.SignInLocked(until) from None
        raise
    sign_in_throttle.succeeded(uow, attempt)
    return agent


def _check_password(uow: CentreUnitOfWork, username: str, password: str) -> AgentView:
    with uow:
        agent = uow.session.scalar(select(m.Agent).where(m.Agent.username == username))
        stored = agent.password_hash if agent is not None and agent.active else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise InvalidCredentials() from None
        if agent is None or not agent.active:
            raise InvalidCredentials()
        if _hasher.check_needs_rehash(agent.password_hash):
            agent.password_hash = _hasher.hash(password)
        agent.last_login_at = uow.now()
        result = view(agent)
        uow.commit()
        return result


def get_agent(uow: CentreUnitOfWork, agent_id: int) -> AgentView:
    with uow:
        agent = uow.session.get(m.Agent, agent_id)
        if agent is None:
            raise AgentNotFound(agent_id)
        return view(agent)


def list_agents(uow: CentreUnitOfWork) -> list[AgentView]:
    with uow:
        return [view(a) for a in uow.session.scalars(select(m.Agent).order_by(m.Agent.username))]


def set_password(uow: CentreUnitOfWork, username: str, password: str) -> AgentView:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"a password has at least {MIN_PASSWORD_CHARS} characters")
    with uow:
        agent = uow.session.scalar(select(m.Agent).where(m.Agent.username == username.strip().lower()))
        if agent is None:
            raise AgentNotFound(username)
        agent.password_hash = _hasher.hash(password)
        result = view(agent)
        uow.commit()
        return result
