"""Rasa's endpoints file as every way of starting the stack writes it: `bankbot run` (from a given
`--endpoints` file, endpoints.yml by default), `bankbot run --instances N` (bankbot_cli/scale.py), and
so the tests and benches that launch those (bankbot_cli/launched_stack.py).

The action_endpoint is always the stack's own: the action server it started on ACTIONS_PORT (or
ACTION_ENDPOINT_URL, when a proxy stands in front of it), called with the stack's
BANKBOT_ACTIONS_TOKEN (actions/server.py refuses calls without it). A given file's other sections
(tracker_store, lock_store, event_broker ...) are kept as they are; its action_endpoint is not,
or Rasa would call whatever listens on the port written there (another stack's bank).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

# Rasa's tracker store class for the sections this project writes (endpoints.yml, scaled stack,
# tests): Rasa's SQL store that writes what customers type masked (bot/tracker_masking.py).
TRACKER_STORE_TYPE = "bot.tracker_masking.MaskingSQLTrackerStore"


def action_url(actions_port: int, override: str | None = None) -> str:
    """Where Rasa calls the action server: on loopback, the configured port."""
    return override or f"http://127.0.0.1:{actions_port}/webhook"


def sql_tracker_store(dialect: str, db: str, **connection: Any) -> dict[str, Any]:
    """A tracker_store section for Rasa's SQL tracker store (url, port, username ...)."""
    return {"type": TRACKER_STORE_TYPE, "dialect": dialect, "db": db, **connection}


def read_sections(path: str | Path) -> dict[str, Any]:
    """A given endpoints file's sections, as written (Rasa expands its ${VARS} when it reads ours)."""
    return yaml.safe_load(Path(path).read_text()) or {}


def build(url: str, actions_token: str, sections: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Rasa's endpoints: `sections` less any action_endpoint, and the stack's action_endpoint.
    Rasa 3.6 sends an action_endpoint's `headers` with every action call (a `token` would go in
    the query string, which access logs keep)."""
    endpoints: dict[str, Any] = {
        "action_endpoint": {"url": url, "headers": {"Authorization": f"Bearer {actions_token}"}}
    }
    endpoints.update(
        {name: section for name, section in (sections or {}).items() if name != "action_endpoint"}
    )
    return endpoints


def write(path: Path, endpoints: Mapping[str, Any]) -> Path:
    """Write for Rasa, readable by this user only: it holds the actions token (and passwords)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(yaml.safe_dump(dict(endpoints), sort_keys=False, allow_unicode=True))
    return path
