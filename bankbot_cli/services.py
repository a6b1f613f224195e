"""The three processes of one stack (`bankbot run` without --instances): the action server,
Rasa and the gateway, with their commands, ports, health checks and environments. Supervising
them is bankbot_cli/stack.py; N of each is bankbot_cli/scale.py."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bankbot_cli import rasa_endpoints
from bankbot_cli.paths import APP_VENV, LOGS, RASA_SERVER, ROOT
from bankbot_cli.stack import Service
from bankbot_cli.training import core_env
from kernel import deployment_secrets
from kernel.deployment_secrets import ACTIONS_TOKEN, RASA_TOKEN


@dataclass(frozen=True)
class StackConfig:
    model: Path | None  # None while only the ports are being checked
    gateway_port: int = 8000
    gateway_host: str = "0.0.0.0"
    rasa_port: int = 5005
    actions_port: int = 5055
    rasa_token: str = RASA_TOKEN.demo_value
    actions_token: str = ACTIONS_TOKEN.demo_value
    endpoints: str = "endpoints.yml"  # the given file: its tracker store and other sections
    # Where Rasa calls the actions when not directly (a proxy in front); None: ACTIONS_PORT.
    action_endpoint_url: str | None = None
    # What Rasa reads: `endpoints` with the stack's own action_endpoint (rasa_endpoints.build).
    rasa_endpoints: Path = LOGS / "endpoints.yml"

    @classmethod
    def from_env(cls, gateway_port: int, endpoints: str, env: dict[str, str] | None = None) -> StackConfig:
        env = dict(os.environ if env is None else env)
        return cls(
            model=None,
            gateway_port=gateway_port,
            rasa_port=int(env.get("RASA_PORT", "5005")),
            actions_port=int(env.get("ACTIONS_PORT", "5055")),
            rasa_token=deployment_secrets.value(RASA_TOKEN, env),
            actions_token=deployment_secrets.value(ACTIONS_TOKEN, env),
            endpoints=endpoints,
            action_endpoint_url=env.get("ACTION_ENDPOINT_URL") or None,
        )

    @property
    def action_url(self) -> str:
        return rasa_endpoints.action_url(self.actions_port, self.action_endpoint_url)


def write_rasa_endpoints(cfg: StackConfig) -> str | None:
    """Write the endpoints Rasa runs with; a note for the operator when the given file's own
    action_endpoint is not where the stack's action server is (it is replaced)."""
    given = rasa_endpoints.read_sections(_path(cfg.endpoints))
    rasa_endpoints.write(cfg.rasa_endpoints, rasa_endpoints.build(cfg.action_url, cfg.actions_token, given))
    stated = (given.get("action_endpoint") or {}).get("url")
    if stated and stated != cfg.action_url:
        return f"Rasa calls the stack's action server at {cfg.action_url} ({cfg.endpoints} says {stated})"
    return None


def _path(endpoints: str) -> Path:
    return Path(endpoints) if Path(endpoints).is_absolute() else ROOT / endpoints


def tracker_store_url(endpoints: str) -> str | None:
    """The SQLAlchemy URL of the SQL tracker store an endpoints file names, for the console's
    transcripts and the figures; None for other tracker stores."""
    import yaml

    store = (yaml.safe_load(_path(endpoints).read_text()) or {}).get("tracker_store") or {}
    if str(store.get("type", "")).upper() not in ("SQL", rasa_endpoints.TRACKER_STORE_TYPE.upper()):
        return None
    dialect, db = store.get("dialect", "sqlite"), store.get("db", "rasa.db")
    if dialect == "sqlite":
        return f"sqlite:///{db if Path(db).is_absolute() else ROOT / db}"
    auth = f"{store.get('username', '')}:{store.get('password', '')}@" if store.get("username") else ""
    port = f":{store['port']}" if store.get("port") else ""
    driver = "postgresql+psycopg" if dialect.startswith("postgres") else dialect
    return f"{driver}://{auth}{store.get('url', 'localhost')}{port}/{db}"


def rasa_command(model: Path | None, token: str, port: int, endpoints: Path | str) -> list[str]:
    """`rasa run` on loopback with its HTTP API behind `token`, for one stack or one of N."""
    return [
        *RASA_SERVER,
        "run",
        "--model",
        str(model),
        "--enable-api",
        "--auth-token",
        token,
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        "credentials.yml",
    ]


def build_services(cfg: StackConfig) -> list[Service]:
    app_env = dict(os.environ)
    app_env.setdefault("PYTHONUNBUFFERED", "1")
    tracker_url = tracker_store_url(cfg.endpoints)
    if tracker_url:
        app_env.setdefault("BANKBOT_TRACKER_DB_URL", tracker_url)
    python = str(APP_VENV / "bin" / "python")
    actions_env = {**app_env, "SANIC_HOST": "127.0.0.1", "BANKBOT_ACTIONS_TOKEN": cfg.actions_token}
    gateway_env = {
        **app_env,
        "RASA_URL": f"http://127.0.0.1:{cfg.rasa_port}",
        "RASA_TOKEN": cfg.rasa_token,
    }
    return [
        Service(
            "actions",
            [python, "-m", "actions.server", "--actions", "actions", "--port", str(cfg.actions_port)],
            "127.0.0.1",
            cfg.actions_port,
            "/health",
            actions_env,
        ),
        Service(
            "rasa",
            rasa_command(cfg.model, cfg.rasa_token, cfg.rasa_port, cfg.rasa_endpoints),
            "127.0.0.1",
            cfg.rasa_port,
            f"/status?token={cfg.rasa_token}",
            core_env(),
        ),
        Service(
            "gateway",
            [
                python,
                "-m",
                "uvicorn",
                "channels.app:create_app",
                "--factory",
                "--host",
                cfg.gateway_host,
                "--port",
                str(cfg.gateway_port),
                "--no-access-log",
            ],
            cfg.gateway_host,
            cfg.gateway_port,
            "/health",
            gateway_env,
        ),
    ]
