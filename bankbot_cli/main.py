"""`bankbot` command line: run, train, migrate, seed, token, chat, customers."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from bankbot_cli.paths import ROOT


def _say(message: str) -> None:
    print(f"\033[1m[bankbot]\033[0m {message}", flush=True)


def _migrate_all() -> None:
    from banking_backend.settings import database_url
    from channels.migrate import migrate_all
    from channels.settings import channels_database_url

    migrate_all(database_url(), channels_database_url(dict(os.environ)))


def cmd_migrate(_: argparse.Namespace) -> int:
    from bankbot_cli.stack import redacted
    from banking_backend.settings import database_url

    _migrate_all()
    _say(f"database schema is at the latest migration ({redacted(database_url())})")
    return 0


def gateway_port(args: argparse.Namespace) -> int:
    """The gateway's port: PORT, else `run --port` (8000); `bankbot seed` has no --port."""
    return int(os.environ.get("PORT", getattr(args, "port", 8000)))


def cmd_seed(args: argparse.Namespace) -> int:
    from banking_backend.seed import seed_demo_bank
    from contact_centre.seed import ensure_demo_supervisor

    cmd_migrate(args)
    with _uow() as uow:
        seed_demo_bank(uow)
    _say("demo bank is ready")
    cmd_customers(args)
    print(f"  console accounts (http://localhost:{gateway_port(args)}/console):")
    for account in ensure_demo_supervisor():
        print(f"  {account.username:<11} password: {account.password:<16} role: {account.role}")
    return 0


def cmd_create_agent(args: argparse.Namespace) -> int:
    from contact_centre.cli import create_agent_command

    _migrate_all()
    return create_agent_command(args.rest)


def cmd_end_console_sessions(args: argparse.Namespace) -> int:
    from contact_centre.cli import end_console_sessions_command

    _migrate_all()
    return end_console_sessions_command(args.rest)


def cmd_customers(_: argparse.Namespace) -> int:
    from banking_backend.services import customers

    with _uow() as uow:
        for c in customers.list_customers(uow):
            print(f"  {c.username:<8} {c.name:<18} language={c.language}  phone={c.phone}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from bankbot_cli.training import ensure_model

    ensure_model(force=args.force, log=_say)
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    token = issue_token(args.customer)
    if token is None:
        print(f"bankbot: no customer '{args.customer}' (see `bankbot customers`)", file=sys.stderr)
        return 1
    print(token)
    return 0


def issue_token(username: str) -> str | None:
    from banking_backend.services import customers
    from channels.sessions import SessionTokens
    from channels.settings import Settings

    with _uow() as uow:
        customer = customers.find_by_username(uow, username)
    if customer is None:
        return None
    settings = Settings.from_env()
    return SessionTokens(settings.session_secret, settings.session_max_age).issue(
        customer.id, customer.username
    )


def cmd_chat(args: argparse.Namespace) -> int:
    from bankbot_cli.chat import chat

    return chat(args.customer, args.url)


def cmd_run(args: argparse.Namespace) -> int:
    from bankbot_cli.services import StackConfig, build_services, write_rasa_endpoints
    from bankbot_cli.stack import PortTaken, Stack
    from bankbot_cli.training import ensure_model
    from kernel.deployment_secrets import ALL_SECRETS, WeakSecrets, require_strong

    try:  # production: before seeding or training, not when each process starts
        require_strong(ALL_SECRETS)
    except WeakSecrets as weak:
        print(f"bankbot: {weak}", file=sys.stderr)
        return 2
    if args.instances != 1:  # several Rasa servers and gateways on shared stores (docs/scale.md)
        from bankbot_cli.scale import run_scaled

        return run_scaled(args, cmd_seed, _say)
    port = gateway_port(args)
    # The ports are checked before minutes of training; the model is known only after it.
    cfg = StackConfig.from_env(port, args.endpoints)
    stack = Stack(build_services(cfg), log=_say)
    try:
        stack.check_ports()
    except PortTaken as exc:
        print(f"bankbot: {exc}", file=sys.stderr)
        return 2
    cmd_seed(args)
    model = ensure_model(log=_say)
    note = write_rasa_endpoints(cfg)
    if note:
        _say(note)
    stack = Stack(build_services(replace(cfg, model=model)), log=_say)
    if not stack.start_until_ready(args.ready_timeout):
        return 1
    print(f"  web chat + REST:  http://localhost:{port}/   (REST: POST /webhooks/rest/webhook)")
    print(
        f"  Rasa (loopback):  http://127.0.0.1:{cfg.rasa_port}   actions: http://127.0.0.1:{cfg.actions_port}"
    )
    print(f"  supervisor console: http://localhost:{port}/console   metrics: http://localhost:{port}/metrics")
    print("  demo customers (chat with `bankbot chat <name>`, token with `bankbot token <name>`):")
    cmd_customers(args)
    print("  Press Ctrl-C to stop.", flush=True)
    return stack.run_until_stopped()


def _uow():
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.unit_of_work import SqlUnitOfWork

    return SqlUnitOfWork(make_session_factory(make_engine()))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bankbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="migrate, seed, train if needed, then run the whole stack")
    run.add_argument("--port", type=int, default=8000, help="gateway port (or PORT)")
    run.add_argument("--ready-timeout", type=float, default=300)
    run.add_argument("--endpoints", default="endpoints.yml", help="Rasa endpoints file (tracker store, ...)")
    run.add_argument(
        "--instances", type=int, default=1, help="N>=2: N Rasa servers and N gateways on PostgreSQL and Redis"
    )
    run.add_argument("--event-broker", default=None, help="with --instances: RabbitMQ URL (or RABBITMQ_URL)")
    run.set_defaults(func=cmd_run)

    train = sub.add_parser("train", help="train the model when config, domain or data changed")
    train.add_argument("--force", action="store_true", help="train even if a model for these inputs exists")
    train.set_defaults(func=cmd_train)

    agent = sub.add_parser(
        "create-agent", help="create a console account (supervisor or agent)", add_help=False
    )
    agent.add_argument("rest", nargs=argparse.REMAINDER)
    agent.set_defaults(func=cmd_create_agent)
    end_sessions = sub.add_parser(
        "end-console-sessions", help="sign a console agent out on every device", add_help=False
    )
    end_sessions.add_argument("rest", nargs=argparse.REMAINDER)
    end_sessions.set_defaults(func=cmd_end_console_sessions)

    sub.add_parser(
        "migrate", help="bring every schema (bank, contact centre, gateway) to its latest migration"
    ).set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="create and fill the demo bank (idempotent)").set_defaults(func=cmd_seed)
    sub.add_parser("customers", help="list the bank's customers").set_defaults(func=cmd_customers)

    token = sub.add_parser("token", help="print a session token for a customer (REST channel)")
    token.add_argument("customer", help="username, e.g. alice")
    token.set_defaults(func=cmd_token)

    chat = sub.add_parser("chat", help="chat with the running stack in the terminal as a customer")
    chat.add_argument("customer", nargs="?", default="alice")
    default_url = f"http://localhost:{os.environ.get('PORT', '8000')}"
    chat.add_argument("--url", default=None, help=f"gateway URL (default {default_url})")
    chat.set_defaults(func=cmd_chat)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.chdir(ROOT)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
