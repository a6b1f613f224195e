"""The demo's console accounts: a supervisor and an agent whose passwords `make run` prints."""

from __future__ import annotations

import os
from dataclasses import dataclass

from contact_centre import agents
from contact_centre.domain import AgentExists
from contact_centre.unit_of_work import CentreUnitOfWork

DEMO_SUPERVISOR = "supervisor"
DEMO_AGENT = "agent"
DEFAULT_SUPERVISOR_PASSWORD = "demo-supervisor"
DEFAULT_AGENT_PASSWORD = "demo-agent"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    created: bool


def demo_passwords(env: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if env is None else env)
    return {
        DEMO_SUPERVISOR: env.get("BANKBOT_DEMO_SUPERVISOR_PASSWORD") or DEFAULT_SUPERVISOR_PASSWORD,
        DEMO_AGENT: env.get("BANKBOT_DEMO_AGENT_PASSWORD") or DEFAULT_AGENT_PASSWORD,
    }


def ensure_demo_supervisor(
    uow: CentreUnitOfWork | None = None, env: dict[str, str] | None = None
) -> list[DemoAccount]:
    """Create the demo supervisor and agent if missing (idempotent; an existing account keeps
    its password). Returns both, with the passwords to print. Run the migrations first."""
    uow = uow or CentreUnitOfWork.from_url()
    passwords = demo_passwords(env)
    accounts = []
    for username, role, name in (
        (DEMO_SUPERVISOR, "supervisor", "Demo Supervisor"),
        (DEMO_AGENT, "agent", "Demo Agent"),
    ):
        try:
            # The demo passwords are short defaults on purpose; real accounts get the full rule.
            agents.create_agent(
                uow, username, passwords[username], role=role, name=name, min_password_chars=1
            )
            created = True
        except AgentExists:
            created = False
        accounts.append(DemoAccount(username, passwords[username], role, created))
    return accounts
