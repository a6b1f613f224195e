"""Run a Python snippet in the core runtime (.venv-core: Python 3.10 with Rasa and our components),
for unit tests of what only runs there; the snippet prints its result as JSON on its last line."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from bankbot_cli.paths import CORE_VENV, ROOT
from bankbot_cli.training import core_env


def run_in_core(script: str, stdin: str | None = None, timeout: float = 300) -> Any:
    python = CORE_VENV / "bin" / "python"
    if not python.exists():
        pytest.fail("the core runtime .venv-core is missing: run `make setup`")
    done = subprocess.run(
        [str(python), "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=core_env(),
        check=True,
        timeout=timeout,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
