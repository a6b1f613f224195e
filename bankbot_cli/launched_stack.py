"""`bankbot run` launched as a child on free loopback ports, with its own bank database, tracker
store and logs in a working dir, waited for until it is ready: what the tests and the benchmarks
start. Stopped with SIGTERM, as Ctrl-C would.

With `instances` N >= 2 it is `bankbot run --instances N`, which writes its own endpoints; the
caller puts the shared stores (DATABASE_URL on PostgreSQL, REDIS_URL ...) in `extra_env`, and
ports["rasa"], ["actions"], ["instance"] are each the first of N consecutive ports."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bankbot_cli import rasa_endpoints
from bankbot_cli.paths import APP_VENV, ROOT

BANKBOT = APP_VENV / "bin" / "bankbot"
# The supervisor's "started X (pid N)" and "restarted X (pid N)" lines (bankbot_cli/stack.py).
STARTED = re.compile(r"started ([\w-]+) \(pid (\d+)\)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@dataclass
class LaunchedStack:
    process: subprocess.Popen
    workdir: Path
    env: dict[str, str]
    ports: dict[str, int]
    instances: int = 1
    output: list[str] = field(default_factory=list)
    line_seconds: list[float] = field(default_factory=list)  # when each output line came, since the start
    ready_seconds: float | None = None

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.ports['rasa'] + i}" for i in range(self.instances)]

    def seconds_until(self, text: str) -> float | None:
        """When the first output line containing `text` came, in seconds since the start."""
        return next((t for t, line in zip(self.line_seconds, self.output, strict=True) if text in line), None)

    def started_pids(self) -> list[int]:
        """Every process `bankbot run` started for a service, restarts included, in order."""
        return [int(pid) for _, pid in STARTED.findall("\n".join(self.output))]

    def service_pids(self) -> dict[str, int]:
        """The current pid of each service: actions, rasa, gateway; or actions-i, rasa-i,
        gateway-i (and events) when scaled."""
        return {name: int(pid) for name, pid in STARTED.findall("\n".join(self.output))}

    def pid_of(self, service: str) -> int:
        return self.service_pids()[service]

    def bankbot(self, *args: str) -> str:
        """`bankbot <args>` on this stack's environment (its database ...); what it prints."""
        done = subprocess.run(
            [str(BANKBOT), *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"bankbot {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM to `bankbot run`, as Ctrl-C would; its exit status."""
        # `bankbot run` takes SIGTERM as "stop the stack" only once it waits on its services (after
        # printing "Press Ctrl-C"); a SIGTERM before that kills it alone and orphans the services.
        waited = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < waited:
            if any("Press Ctrl-C" in line for line in self.output[-30:]):
                break
            time.sleep(0.2)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def stop_leaving_nothing(self, timeout: float = 60) -> None:
        """stop(), then SIGKILL whatever is left of `bankbot run` and of its services: for those
        that need nothing left behind (a bench, a stack that did not start), not for a test that
        checks `bankbot run` stops its services itself."""
        try:
            self.stop(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for pid in self.service_pids().values():  # each service leads its own process group
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                time.sleep(2)


# Far above what the stack tests and benches send, still counted (the code path stays the real one).
BENCH_RATE_LIMITS = {
    "BANKBOT_RATE_PER_CONVERSATION": "100000/minute",
    "BANKBOT_RATE_PER_CONTACT": "100000/minute",
    "BANKBOT_RATE_PER_ADDRESS": "100000/minute",
    "BANKBOT_RATE_ANON_HANDOFFS_PER_ADDRESS": "100000/minute",
    "BANKBOT_RATE_ANON_HANDOFFS": "100000/minute",
}


def stack_env(workdir: Path, ports: dict[str, int]) -> dict[str, str]:
    """The environment `bankbot` gets: these ports, a SQLite bank and the logs in `workdir`.
    The tests and benches drive many conversations from loopback as fast as they can (bench/e2e.py:
    64 at once): generous rate limits, unless the caller's environment sets its own."""
    return {
        **BENCH_RATE_LIMITS,
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bank.db'}",
        "PORT": str(ports["gateway"]),
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "BANKBOT_LOG_DIR": str(workdir / "logs"),
        **({"INSTANCE_PORT": str(ports["instance"])} if "instance" in ports else {}),
    }


def launch_stack(
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    ready_timeout: float = 420,
    action_endpoint_port: int | None = None,
    extra_endpoints: str = "",
    instances: int = 1,
    extra_args: tuple[str, ...] = (),
    on_line: Callable[[str], object] | None = None,
) -> LaunchedStack:
    """Start `bankbot run` and wait for its 'ready.' line (ready_seconds: how long it took).
    `extra_env` is added to (and overrides) stack_env(). `action_endpoint_port`: where Rasa calls
    the actions (a test's proxy in front of the action server), by default the action server
    itself; `extra_endpoints`: more sections of Rasa's endpoints file (e.g. a lock_store). Each
    output line is kept in `output`, and also given to `on_line` when there is one."""
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    proxy = {}
    if instances == 1:
        ports = {"gateway": free_port(), "rasa": free_port(), "actions": free_port()}
        # The file an operator would give: the stores. `bankbot run` adds the action_endpoint
        # (bankbot_cli/rasa_endpoints.py), as it does for everyone.
        endpoints = rasa_endpoints.write(
            workdir / "endpoints.yml",
            {
                "tracker_store": rasa_endpoints.sql_tracker_store("sqlite", str(workdir / "tracker.db")),
                **(yaml.safe_load(extra_endpoints) or {}),
            },
        )
        if action_endpoint_port:
            proxy["ACTION_ENDPOINT_URL"] = rasa_endpoints.action_url(action_endpoint_port)
        args = ["run", "--endpoints", str(endpoints), *extra_args]
    else:
        ports = {
            "gateway": free_port(),
            **{name: free_port_block(instances) for name in ("rasa", "actions", "instance")},
        }
        args = ["run", "--instances", str(instances), *extra_args]
    env = {**stack_env(workdir, ports), **proxy, **(extra_env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BANKBOT), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack = LaunchedStack(process, workdir, env, ports, instances)
    ready = threading.Event()

    def read_output() -> None:
        # Bytes, decoded here: a stray byte that is not UTF-8 must not stop the reading (the pipe
        # would fill and block the stack).
        for raw in process.stdout:  # type: ignore[union-attr]
            line = raw.decode(errors="replace")
            stack.line_seconds.append(time.perf_counter() - started)
            stack.output.append(line.rstrip())
            if on_line is not None:
                on_line(line)
            if "ready." in line and not ready.is_set():
                stack.ready_seconds = time.perf_counter() - started
                ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    deadline = time.monotonic() + ready_timeout
    try:
        _wait_until_ready(stack, ready, deadline)
    except BaseException:
        # Interrupted while it starts (Ctrl-C, a `kill` of the test run): it is stopped, not left
        # behind with nobody to stop it.
        stack.stop_leaving_nothing()
        raise
    return stack


def _wait_until_ready(stack: LaunchedStack, ready: threading.Event, deadline: float) -> None:
    process, workdir = stack.process, stack.workdir
    while not ready.wait(0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            stack.stop_leaving_nothing()
            logs = "\n".join(
                f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
                for p in (workdir / "logs").glob("*.log")
            )
            raise RuntimeError("the stack did not become ready:\n" + "\n".join(stack.output[-40:]) + logs)
