"""The real stack (`bankbot run`: Rasa, action server, gateway) for a test, launched by
bankbot_cli/launched_stack.py on free ports with its own bank database, tracker store and logs, its
output echoed to stderr (pytest shows it with a failure); stopped with SIGTERM like Ctrl-C would.
And what a test checks of a process: alive or not, its port closed or not."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from bankbot_cli.launched_stack import free_port, launch_stack

__all__ = ["free_port", "pid_alive", "refuses_connections", "start_stack"]


def _echo(line: str) -> None:
    sys.stderr.write(f"[stack] {line}")  # the current test's stderr, looked up at each line


# The demo customers make many payments to others in one module's stack; the bank's hold on a burst
# of them (5 in 10 minutes, banking_backend/domain/risk.py, tested in tests/unit/banking_backend and
# tests/unit/actions) would turn later tests' transfers into holds. A test may set it back.
_TEST_RISK_ENV = {"BANKBOT_RISK_RAPID_COUNT": "0"}


def start_stack(workdir: Path, extra_env: dict[str, str] | None = None, **kwargs):
    """launch_stack() (see there for the arguments), its output echoed to stderr."""
    return launch_stack(workdir, extra_env={**_TEST_RISK_ENV, **(extra_env or {})}, on_line=_echo, **kwargs)


def pid_alive(pid: int) -> bool:
    """Whether the process still runs. Not whether its sockets are closed: a multi-threaded
    process's main thread shows as a zombie while its other threads are still exiting and the
    sockets they share are still open (see `refuses_connections`)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; it is only waiting for its parent to read its status.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def refuses_connections(port: int) -> bool:
    """Whether nothing listens on the loopback port any more (a killed server's socket is closed)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    except OSError:
        return False
    return False
