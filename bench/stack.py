"""The stack for a bench: `bankbot run` launched by bankbot_cli/launched_stack.py on free ports in a
temp dir, with what a bench adds: a trained model required, a known Rasa token, demo mode, and the
bank in a given database if asked. With `instances` N >= 2, `bankbot run --instances N` on the
shared stores of bench/scaled.py. A bench stops it with `stop_leaving_nothing()`."""

from __future__ import annotations

from pathlib import Path

from bankbot_cli.launched_stack import LaunchedStack, launch_stack
from bankbot_cli.paths import MODEL_CACHE
from bankbot_cli.training import fingerprint, model_path

RASA_TOKEN = "bench-rasa-token"
SERVICES = ("actions", "rasa", "gateway")


class NoTrainedModel(RuntimeError):
    pass


def require_trained_model() -> Path:
    """A bench measures a trained model; `bankbot run` would otherwise start minutes of training."""
    key = fingerprint()
    for path in (model_path(key), model_path(key, MODEL_CACHE)):
        if path.exists():
            return path
    raise NoTrainedModel(f"no trained model for the current inputs ({key}): run `make train` first")


def bench_env(workdir: Path, database_url: str | None) -> dict[str, str]:
    """What a bench adds to the stack's environment."""
    return {
        **({"DATABASE_URL": database_url} if database_url else {}),
        "RASA_TOKEN": RASA_TOKEN,
        "BANKBOT_DEMO": "1",
        "BANKBOT_DEMO_CODES_DIR": str(workdir / "codes"),
    }


def start_stack(
    workdir: Path,
    database_url: str | None = None,
    ready_timeout: float = 420,
    instances: int = 1,
    scaled_env: dict[str, str] | None = None,
) -> LaunchedStack:
    """Start `bankbot run` and wait for its 'ready.' line; ready_seconds is the time it took.
    instances N >= 2: `bankbot run --instances N` (database_url must then be PostgreSQL), with
    `scaled_env` (REDIS_URL, BANKBOT_REDIS_PREFIX ...) added to its environment."""
    require_trained_model()
    return launch_stack(
        workdir,
        {**bench_env(workdir, database_url), **(scaled_env or {})},
        ready_timeout=ready_timeout,
        instances=instances,
    )
