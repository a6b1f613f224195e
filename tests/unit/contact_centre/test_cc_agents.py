"""Agents: argon2id hashes, refused sign-ins that say nothing about why, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contact_centre import agents, models
from contact_centre.cli import create_agent_command
from contact_centre.domain import AgentExists, InvalidCredentials, InvalidInput
from contact_centre.seed import ensure_demo_supervisor


def test_password_is_stored_as_an_argon2id_hash(uow):
    agents.create_agent(uow, "ann", "correct horse battery")
    with uow:
        stored = uow.session.scalar(select(models.Agent.password_hash))
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored


def test_authenticate_returns_the_agent_with_role(uow):
    agents.create_agent(uow, "Sue", "supervisor-pass-1", role="supervisor")
    sue = agents.authenticate(uow, "sue", "supervisor-pass-1")
    assert (sue.username, sue.role, sue.is_supervisor) == ("sue", "supervisor", True)


@pytest.mark.parametrize(
    ("username", "password"), [("ann", "wrong password!!"), ("nobody", "correct horse battery")]
)
def test_wrong_password_and_unknown_user_are_refused_alike(uow, username, password):
    agents.create_agent(uow, "ann", "correct horse battery")
    with pytest.raises(InvalidCredentials) as refused:
        agents.authenticate(uow, username, password)
    assert str(refused.value) == ""


def test_short_passwords_bad_names_unknown_roles_and_duplicates_are_refused(uow):
    with pytest.raises(InvalidInput):
        agents.create_agent(uow, "ann", "short")
    with pytest.raises(InvalidInput):
        agents.create_agent(uow, "Ann Smith!", "long enough password")
    with pytest.raises(InvalidInput):
        agents.create_agent(uow, "ann", "long enough password", role="admin")
    agents.create_agent(uow, "ann", "long enough password")
    with pytest.raises(AgentExists):
        agents.create_agent(uow, "ANN", "another long password")


def test_demo_accounts_are_created_once_with_printed_passwords(uow):
    env = {"BANKBOT_DEMO_SUPERVISOR_PASSWORD": "sup-from-env"}
    first = ensure_demo_supervisor(uow, env)
    assert [(a.username, a.role, a.password, a.created) for a in first] == [
        ("supervisor", "supervisor", "sup-from-env", True),
        ("agent", "agent", "demo-agent", True),
    ]
    assert [a.created for a in ensure_demo_supervisor(uow, env)] == [False, False]
    assert agents.authenticate(uow, "supervisor", "sup-from-env").role == "supervisor"


def test_cli_creates_a_supervisor_from_a_password_in_the_environment(db_url, uow, monkeypatch, capsys):
    monkeypatch.setenv("NEW_PW", "a long enough pass")
    status = create_agent_command(
        ["kim", "--role", "supervisor", "--password-env", "NEW_PW", "--database-url", db_url]
    )
    assert status == 0
    assert "created supervisor kim" in capsys.readouterr().out
    assert agents.authenticate(uow, "kim", "a long enough pass").is_supervisor
    assert create_agent_command(["kim", "--password-env", "NEW_PW", "--database-url", db_url]) == 1
