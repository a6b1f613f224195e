"""Where the bank's database lives, read from the environment once per call."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/bank.db"


def database_url() -> str:
    """`DATABASE_URL` if set, else a SQLite file `var/bank.db` under the current directory.

    For a relative SQLite path the folder is created, so a fresh checkout just works.
    """
    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    elif url.startswith("sqlite:////"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return url
