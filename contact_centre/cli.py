"""`bankbot create-agent`: make a console account; `bankbot end-console-sessions`: sign an agent
out everywhere (the lead wires these into the bankbot CLI)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from contact_centre import agents, console_sessions
from contact_centre.domain import CentreError
from contact_centre.unit_of_work import CentreUnitOfWork


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bankbot create-agent", description="Create a console account.")
    parser.add_argument("username")
    parser.add_argument("--role", choices=("supervisor", "agent"), default="agent")
    parser.add_argument("--name", help="display name (default: the username)")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the password from this environment variable instead of prompting",
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL")
    return parser


def create_agent_command(argv: list[str] | None = None) -> int:
    """Returns the exit status: 0 created, 1 refused (exists, weak password), 2 usage."""
    args = _parser().parse_args(argv)
    if args.password_env:
        password = os.environ.get(args.password_env, "")
    else:
        password = getpass.getpass("password: ")
        if password != getpass.getpass("again: "):
            print("the passwords differ", file=sys.stderr)
            return 1
    try:
        agent = agents.create_agent(
            CentreUnitOfWork.from_url(args.database_url),
            args.username,
            password,
            role=args.role,
            name=args.name,
        )
    except CentreError as exc:
        print(f"not created: {exc or type(exc).__name__}", file=sys.stderr)
        return 1
    print(f"created {agent.role} {agent.username}")
    return 0


def end_console_sessions_command(argv: list[str] | None = None) -> int:
    """Ends every live console session of an agent. Exit status: 0 done, 1 no such agent."""
    parser = argparse.ArgumentParser(
        prog="bankbot end-console-sessions",
        description="Sign an agent out of the console on every device and gateway.",
    )
    parser.add_argument("username")
    parser.add_argument("--database-url", help="default: DATABASE_URL")
    args = parser.parse_args(argv)
    uow = CentreUnitOfWork.from_url(args.database_url)
    agent = next((a for a in agents.list_agents(uow) if a.username == args.username.strip().lower()), None)
    if agent is None:
        print(f"no agent named {args.username!r}", file=sys.stderr)
        return 1
    ended = console_sessions.end_all_for(uow, agent.id, why="ended from the command line")
    print(f"ended {ended} console session(s) of {agent.username}")
    return 0


if __name__ == "__main__":
    raise SystemExit(create_agent_command())
