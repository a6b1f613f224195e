"""The addresses `bankbot` prints carry the real gateway port, never a literal `$PORT`."""

import os
import subprocess

from bankbot_cli.paths import APP_VENV, ROOT


def test_seed_prints_the_console_address_on_the_gateway_s_port(tmp_path):
    done = subprocess.run(
        [str(APP_VENV / "bin" / "bankbot"), "seed"],
        cwd=ROOT,
        env={**os.environ, "PORT": "8123", "DATABASE_URL": f"sqlite:///{tmp_path / 'bank.db'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "console accounts (http://localhost:8123/console)" in done.stdout
    assert "$PORT" not in done.stdout
