"""Start the real stack (`bankbot run`: Rasa, action server, gateway) for a test, on free ports,
with its own bank database, tracker store and logs; stop it with SIGTERM like Ctrl-C would."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.cli.paths import APP_VENV, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningStack:
    process: subprocess.Popen
    env: dict[str, str]
    gateway_url: str
    ports: dict[str, int]
    output: list[str] = field(default_factory=list)

    def child_pids(self) -> list[int]:
        return [int(p) for p in re.findall(r"started \w+ \(pid (\d+)\)", "\n".join(self.output))]

    def pid_of(self, service: str) -> int:
        """The pid of the service's current process (the supervisor logs each (re)start)."""
        return int(re.findall(rf"started {service} \(pid (\d+)\)", "\n".join(self.output))[-1])

    def bankbot(self, *args: str) -> str:
        done = subprocess.run(
            [str(APP_VENV / "bin" / "bankbot"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bankbot {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def free_port_block(count: int) -> int:
    """The first of `count` consecutive free loopback ports (RASA_PORT+i, ACTIONS_PORT+i ...)."""
    for _ in range(200):
        first = free_port()
        socks = []
        try:
            for port in range(first, first + count):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    raise RuntimeError(f"no block of {count} free ports")


def start_stack(
    tmp: Path,
    extra_env: dict[str, str] | None = None,
    ready_timeout: float = 420,
    action_endpoint_port: int | None = None,
    extra_endpoints: str = "",
    instances: int = 1,
    extra_args: tuple[str, ...] = (),
) -> RunningStack:
    """`action_endpoint_port`: where Rasa calls the actions (a test's proxy in front of the action
    server), by default the action server itself; `extra_endpoints`: more sections of Rasa's
    endpoints file (e.g. a lock_store). `instances` N >= 2: `bankbot run --instances N`, which
    writes its own endpoints; the caller puts the shared stores (DATABASE_URL on PostgreSQL,
    REDIS_URL ...) in extra_env, and ports["rasa"], ["actions"], ["instance"] are the first of N
    consecutive ports."""
    (tmp / "logs").mkdir(parents=True, exist_ok=True)
    if instances == 1:
        ports = {"gateway": free_port(), "rasa": free_port(), "actions": free_port()}
        endpoints = tmp / "endpoints.yml"
        actions_url = f"http://127.0.0.1:{action_endpoint_port or ports['actions']}/webhook"
        endpoints.write_text(
            f'action_endpoint:\n  url: "{actions_url}"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp / "tracker.db"}"\n'
            + extra_endpoints
        )
        args = ["run", "--endpoints", str(endpoints), *extra_args]
    else:
        ports = {
            "gateway": free_port(),
            "rasa": free_port_block(instances),
            "actions": free_port_block(instances),
            "instance": free_port_block(instances),
        }
        args = ["run", "--instances", str(instances), *extra_args]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'bank.db'}",
        "PORT": str(ports["gateway"]),
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "BANKBOT_LOG_DIR": str(tmp / "logs"),
        **({"INSTANCE_PORT": str(ports["instance"])} if "instance" in ports else {}),
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [str(APP_VENV / "bin" / "bankbot"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    stack = RunningStack(process, env, f"http://127.0.0.1:{ports['gateway']}", ports)
    ready = threading.Event()

    def pump() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            stack.output.append(line.rstrip())
            sys.stderr.write(f"[stack] {line}")
            if "ready." in line:
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + ready_timeout
    while not ready.wait(0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            stack.stop()
            logs = "\n".join(
                f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
                for p in (tmp / "logs").glob("*.log")
            )
            raise RuntimeError("the stack did not become ready:\n" + "\n".join(stack.output[-40:]) + logs)
    return stack


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
