"""`bankbot run --instances N`: N action servers, N Rasa servers and N gateways on one machine,
as one supervised stack, sharing what makes them one service:

- PostgreSQL: the bank (DATABASE_URL), the gateway's and the contact centre's tables, and Rasa's
  SQL tracker store (TRACKER_DATABASE_URL, by default the bank's database: Rasa's `events` table);
- Redis (REDIS_URL): Rasa's lock store, so one conversation is processed by one Rasa at a time
  whichever instance gets the message, and the gateways' relay (channels/relay.py);
- RabbitMQ (RABBITMQ_URL or --event-broker), optional: Rasa's event broker, read by the
  contact centre's consumer (`python -m contact_centre.events`) into the service's figures.

Every gateway balances over every Rasa instance; the gateways share the public port
(SO_REUSEPORT, channels/serve.py). Ports: gateways PORT (each also on INSTANCE_PORT+i, loopback),
Rasa RASA_PORT+i, actions ACTIONS_PORT+i. How this maps onto several machines: docs/scale.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url

from bankbot_cli import rasa_endpoints
from bankbot_cli.paths import APP_VENV, LOGS
from bankbot_cli.services import rasa_command
from bankbot_cli.stack import Service, redacted
from bankbot_cli.training import core_env
from kernel import deployment_secrets
from kernel.deployment_secrets import ACTIONS_TOKEN, RASA_TOKEN

EVENTS_QUEUE = "bankbot_events"
EVENTS_EXCHANGE = "rasa-exchange"  # Rasa's default fanout exchange
# Rasa's own variable (rasa/core/lock_store.py): how long a conversation's lock lives. Rasa's
# default of 60 s would leave a conversation whose Rasa was killed mid-message unanswerable for
# a minute; a message takes well under a second, so 15 s is ample.
LOCK_LIFETIME_SECONDS = "15"


class ScaleConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class ScaleConfig:
    instances: int
    database_url: str
    tracker_database_url: str
    redis_url: str
    rabbitmq_url: str | None
    redis_prefix: str
    gateway_host: str
    gateway_port: int
    instance_port: int
    rasa_port: int
    actions_port: int
    events_port: int
    events_queue: str
    events_exchange: str
    rasa_token: str
    workdir: Path  # where the endpoints files are written
    actions_token: str = ACTIONS_TOKEN.demo_value  # shared by every Rasa and action server

    @classmethod
    def from_env(
        cls, instances: int, gateway_port: int, event_broker: str | None = None, env: dict | None = None
    ) -> ScaleConfig:
        env = dict(os.environ if env is None else env)
        if instances < 2:
            raise ScaleConfigError("--instances needs 2 or more (1 is the embedded default: leave it out)")
        database_url = env.get("DATABASE_URL", "")
        if not database_url.startswith("postgresql"):
            raise ScaleConfigError(
                "--instances N needs the bank on PostgreSQL, shared by every instance: set DATABASE_URL="
                "postgresql+psycopg://user:password@host:5432/bank (now: "
                f"{redacted(database_url) or 'unset, i.e. the embedded SQLite file'})."
            )
        tracker = env.get("TRACKER_DATABASE_URL") or database_url
        if not tracker.startswith("postgresql"):
            raise ScaleConfigError("TRACKER_DATABASE_URL must be a PostgreSQL URL (Rasa's tracker store).")
        return cls(
            instances=instances,
            database_url=database_url,
            tracker_database_url=tracker,
            redis_url=env.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            rabbitmq_url=event_broker or env.get("RABBITMQ_URL") or None,
            redis_prefix=env.get("BANKBOT_REDIS_PREFIX", "bankbot"),
            gateway_host=env.get("HOST", "0.0.0.0"),
            gateway_port=gateway_port,
            instance_port=int(env.get("INSTANCE_PORT", str(gateway_port + 1))),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            actions_port=int(env.get("ACTIONS_PORT", "5055")),
            events_port=int(env.get("EVENTS_PORT", "5060")),
            # One queue (and exchange) per deployment: every Rasa instance publishes, one consumer reads.
            events_queue=env.get("BANKBOT_EVENTS_QUEUE", EVENTS_QUEUE),
            events_exchange=env.get("BANKBOT_EVENTS_EXCHANGE", EVENTS_EXCHANGE),
            rasa_token=deployment_secrets.value(RASA_TOKEN, env),
            workdir=LOGS,
            actions_token=deployment_secrets.value(ACTIONS_TOKEN, env),
        )

    def rasa_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.rasa_port + i}"

    def endpoints_path(self, i: int) -> Path:
        return self.workdir / f"endpoints-{i}.yml"


def endpoints(cfg: ScaleConfig, i: int) -> dict:
    """Rasa instance i's endpoints: its own action server, the shared stores, the broker."""
    tracker = make_url(cfg.tracker_database_url)
    redis = urlsplit(cfg.redis_url)
    sections: dict = {
        "tracker_store": rasa_endpoints.sql_tracker_store(
            "postgresql",  # Rasa's own driver (psycopg2 in .venv-core)
            tracker.database,
            url=tracker.host or "127.0.0.1",
            port=tracker.port or 5432,
            username=tracker.username or "postgres",
            password=tracker.password or "",
        ),
        "lock_store": {
            "type": "redis",
            "url": redis.hostname or "127.0.0.1",
            "port": redis.port or 6379,
            "db": int(redis.path.strip("/") or 0),
            "password": unquote(redis.password) if redis.password else None,
            "key_prefix": cfg.redis_prefix,  # Rasa wants it alphanumeric
        },
    }
    if cfg.rabbitmq_url:
        broker = urlsplit(cfg.rabbitmq_url)
        sections["event_broker"] = {
            "type": "pika",
            "url": broker.hostname or "127.0.0.1",
            "port": broker.port or 5672,
            "username": unquote(broker.username or "guest"),
            "password": unquote(broker.password or "guest"),
            "queues": [cfg.events_queue],
            "exchange_name": cfg.events_exchange,
        }
    return rasa_endpoints.build(rasa_endpoints.action_url(cfg.actions_port + i), cfg.actions_token, sections)


def write_endpoints(cfg: ScaleConfig) -> list[Path]:
    cfg.workdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(cfg.instances):
        paths.append(rasa_endpoints.write(cfg.endpoints_path(i), endpoints(cfg, i)))
    return paths


def tracker_url_for_console(cfg: ScaleConfig) -> str:
    """The same tracker database, as our SQLAlchemy 2 code opens it (psycopg 3)."""
    return make_url(cfg.tracker_database_url).set(drivername="postgresql+psycopg").render_as_string(False)


def build_scaled_services(cfg: ScaleConfig, model: Path | None) -> list[Service]:
    """N×{actions, rasa, gateway} (+ the events consumer with a broker), in start order."""
    python = str(APP_VENV / "bin" / "python")
    app_env: dict[str, str] = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": cfg.database_url,
        "BANKBOT_TRACKER_DB_URL": os.environ.get("BANKBOT_TRACKER_DB_URL") or tracker_url_for_console(cfg),
    }
    rasa_env = {
        **core_env(),
        "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", LOCK_LIFETIME_SECONDS),
    }
    all_rasa = ",".join(cfg.rasa_url(i) for i in range(cfg.instances))
    services: list[Service] = []
    for i in range(cfg.instances):
        actions_port, rasa_port, own_port = cfg.actions_port + i, cfg.rasa_port + i, cfg.instance_port + i
        services.append(
            Service(
                f"actions-{i}",
                [python, "-m", "actions.server", "--actions", "actions", "--port", str(actions_port)],
                "127.0.0.1",
                actions_port,
                "/health",
                {**app_env, "SANIC_HOST": "127.0.0.1", "BANKBOT_ACTIONS_TOKEN": cfg.actions_token},
            )
        )
        services.append(
            Service(
                f"rasa-{i}",
                rasa_command(model, cfg.rasa_token, rasa_port, cfg.endpoints_path(i)),
                "127.0.0.1",
                rasa_port,
                f"/status?token={cfg.rasa_token}",
                rasa_env,
            )
        )
        services.append(
            Service(
                f"gateway-{i}",
                [
                    python,
                    "-m",
                    "channels.serve",
                    "--host",
                    cfg.gateway_host,
                    "--port",
                    str(cfg.gateway_port),
                    "--instance-port",
                    str(own_port),
                ],
                "127.0.0.1",
                own_port,  # health asks this instance itself, not whichever one the kernel picks
                "/health",
                {
                    **app_env,
                    "RASA_URLS": all_rasa,
                    "RASA_TOKEN": cfg.rasa_token,
                    "REDIS_URL": cfg.redis_url,
                    "BANKBOT_REDIS_PREFIX": cfg.redis_prefix,
                    "BANKBOT_INSTANCE": f"gateway-{i}",
                },
            )
        )
    if cfg.rabbitmq_url:
        services.append(
            Service(
                "events",
                [python, "-m", "contact_centre.events"],
                "127.0.0.1",
                cfg.events_port,
                "/health",
                {
                    **app_env,
                    "RABBITMQ_URL": cfg.rabbitmq_url,
                    "BANKBOT_EVENTS_QUEUE": cfg.events_queue,
                    "BANKBOT_EVENTS_EXCHANGE": cfg.events_exchange,
                    "EVENTS_PORT": str(cfg.events_port),
                },
            )
        )
    return services


def shared_port_is_free(cfg: ScaleConfig) -> bool:
    """The public port is bound by every gateway (SO_REUSEPORT): nothing else may hold it."""
    from bankbot_cli.stack import port_is_free

    return port_is_free(cfg.gateway_host, cfg.gateway_port)


def migrate_gateway_tables(cfg: ScaleConfig) -> None:
    """Once, before N gateways start, so that they do not race on the same Alembic upgrade."""
    from channels.migrate import migrate_all
    from channels.settings import channels_database_url

    migrate_all(cfg.database_url, channels_database_url({**os.environ, "DATABASE_URL": cfg.database_url}))


def run_scaled(args, seed, log) -> int:
    """`bankbot run --instances N`: check, seed (through `seed`, the one-instance path's own),
    write the endpoints, start and supervise; the same exit codes as one instance."""
    import sys

    from bankbot_cli.stack import PortTaken, Stack
    from bankbot_cli.training import ensure_model

    try:
        cfg = ScaleConfig.from_env(args.instances, int(os.environ.get("PORT", args.port)), args.event_broker)
    except ScaleConfigError as exc:
        print(f"bankbot: {exc}", file=sys.stderr)
        return 2
    stack = Stack(build_scaled_services(cfg, None), log=log)
    try:
        stack.check_ports()
        if not shared_port_is_free(cfg):
            raise PortTaken(f"port {cfg.gateway_port} (the gateways' shared port) is already in use")
    except PortTaken as exc:
        print(f"bankbot: {exc}", file=sys.stderr)
        return 2
    seed(args)
    migrate_gateway_tables(cfg)
    model = ensure_model(log=log)
    write_endpoints(cfg)
    stack = Stack(build_scaled_services(cfg, model), log=log)
    if not stack.start_until_ready(args.ready_timeout):
        return 1
    n = cfg.instances
    print(
        f"  {n} gateways on http://localhost:{cfg.gateway_port}/ (gateway i: 127.0.0.1:{cfg.instance_port}+i)"
    )
    print(
        f"  {n} Rasa servers on 127.0.0.1:{cfg.rasa_port}..{cfg.rasa_port + n - 1}, {n} action servers on "
        f"127.0.0.1:{cfg.actions_port}..{cfg.actions_port + n - 1}"
    )
    print(
        f"  shared: PostgreSQL {redacted(cfg.database_url)}, Redis {redacted(cfg.redis_url)}"
        + (f", RabbitMQ {redacted(cfg.rabbitmq_url)} (queue {cfg.events_queue})" if cfg.rabbitmq_url else "")
    )
    print("  Press Ctrl-C to stop.", flush=True)
    return stack.run_until_stopped()
