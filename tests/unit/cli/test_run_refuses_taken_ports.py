"""`bankbot run` on a port that is already taken says which and exits non-zero, before any work."""

import os
import socket
import subprocess

from bankbot_cli.paths import APP_VENV, ROOT


def test_a_taken_gateway_port_is_named_and_run_exits_non_zero(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(APP_VENV / "bin" / "bankbot"), "run"],
            cwd=ROOT,
            env={**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'bank.db'}"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    assert f"port {port} (gateway) is already in use" in done.stderr
    assert not (tmp_path / "bank.db").exists(), "nothing was set up before the port check"
