"""The three processes of one stack (`bankbot run` without --instances): the action server,
Rasa and the gateway, with their commands, ports, health checks and environments. Supervising
them is bot/cli/stack.py; N of each is bot/cli/scale.py."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.cli.paths import APP_VENV, RASA_SERVER, ROOT
from bot.cli.stack import Service
from bot.cli.training import core_env

# Rasa's SQL tracker store that writes what customers type masked (bot/tracker_masking.py).
TRACKER_STORE_TYPE = "bot.tracker_masking.MaskingSQLTrackerStore"


@dataclass(frozen=True)
class StackConfig:
    model: Path | None  # None while only the ports are being checked
    gateway_port: int = 8000
    gateway_host: str = "0.0.0.0"
    rasa_port: int = 5005
    actions_port: int = 5055
    rasa_token: str = "demo-rasa-token"
    endpoints: str = "endpoints.yml"


def tracker_store_url(endpoints: str) -> str | None:
    """The SQLAlchemy URL of the SQL tracker store an endpoints file names, for the console's
    transcripts and the figures; None for other tracker stores."""
    import yaml

    path = Path(endpoints) if Path(endpoints).is_absolute() else ROOT / endpoints
    store = (yaml.safe_load(path.read_text()) or {}).get("tracker_store") or {}
    if str(store.get("type", "")).upper() not in ("SQL", TRACKER_STORE_TYPE.upper()):
        return None
    dialect, db = store.get("dialect", "sqlite"), store.get("db", "rasa.db")
    if dialect == "sqlite":
        return f"sqlite:///{db if Path(db).is_absolute() else ROOT / db}"
    auth = f"{store.get('username', '')}:{store.get('password', '')}@" if store.get("username") else ""
    port = f":{store['port']}" if store.get("port") else ""
    driver = "postgresql+psycopg" if dialect.startswith("postgres") else dialect
    return f"{driver}://{auth}{store.get('url', 'localhost')}{port}/{db}"


def build_services(cfg: StackConfig) -> list[Service]:
    app_env = dict(os.environ)
    app_env.setdefault("PYTHONUNBUFFERED", "1")
    tracker_url = tracker_store_url(cfg.endpoints)
    if tracker_url:
        app_env.setdefault("BANKBOT_TRACKER_DB_URL", tracker_url)
    python = str(APP_VENV / "bin" / "python")
    actions_env = {**app_env, "SANIC_HOST": "127.0.0.1"}
    gateway_env = {
        **app_env,
        "RASA_URL": f"http://127.0.0.1:{cfg.rasa_port}",
        "RASA_TOKEN": cfg.rasa_token,
    }
    return [
        Service(
            "actions",
            [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(cfg.actions_port)],
            "127.0.0.1",
            cfg.actions_port,
            "/health",
            actions_env,
        ),
        Service(
            "rasa",
            [
                *RASA_SERVER,
                "run",
                "--model",
                str(cfg.model),
                "--enable-api",
                "--auth-token",
                cfg.rasa_token,
                "--interface",
                "127.0.0.1",
                "--port",
                str(cfg.rasa_port),
                "--endpoints",
                cfg.endpoints,
                "--credentials",
                "credentials.yml",
            ],
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
