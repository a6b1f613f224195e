"""The stack for a bench: `bankbot run` on free ports in a temp dir, with its own bank database
(SQLite there, or a given URL), tracker store and logs; stopped with SIGTERM like Ctrl-C.
With `instances` N >= 2, `bankbot run --instances N` on the shared stores of bench/scaled.py."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bot.cli.paths import APP_VENV, MODEL_CACHE, ROOT
from bot.cli.training import fingerprint, model_path

RASA_TOKEN = "bench-rasa-token"
SERVICES = ("actions", "rasa", "gateway")
SCALED_SERVICE = re.compile(r"(actions|rasa|gateway)-\d+|events")  # `bankbot run --instances N`'s names


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BenchStack:
    process: subprocess.Popen
    workdir: Path
    env: dict[str, str]
    ports: dict[str, int]
    output: list[str] = field(default_factory=list)
    line_seconds: list[float] = field(default_factory=list)  # when each output line came, since the start
    ready_seconds: float | None = None
    instances: int = 1  # when scaled, ports["rasa"] and ["actions"] are the first of N consecutive ports

    def seconds_until(self, text: str) -> float | None:
        """When the first output line containing `text` came, in seconds since the start."""
        return next((t for t, line in zip(self.line_seconds, self.output, strict=True) if text in line), None)

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.ports['rasa'] + i}" for i in range(self.instances)]

    def service_pids(self) -> dict[str, int]:
        """The current pid of each service `bankbot run` started (its '(re)started X (pid N)' lines):
        actions, rasa, gateway; or actions-i, rasa-i, gateway-i (and events) when scaled."""
        found = re.findall(r"started ([\w-]+) \(pid (\d+)\)", "\n".join(self.output))
        return {name: int(pid) for name, pid in found if name in SERVICES or SCALED_SERVICE.fullmatch(name)}

    def rss_mb(self) -> dict[str, float]:
        """Resident memory of each service's whole process tree (Sanic/uvicorn workers included)."""
        sizes = {}
        for name, pid in self.service_pids().items():
            try:
                root = psutil.Process(pid)
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            total = 0
            for proc in tree:
                try:
                    total += proc.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            sizes[name] = round(total / 2**20, 1)
        return sizes

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM to `bankbot run`, as Ctrl-C would; then whatever of its services is left."""
        # `bankbot run` takes SIGTERM as "stop the stack" only once it waits on its services (after
        # printing "Press Ctrl-C"); a SIGTERM before that kills it alone and orphans the services.
        waited = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < waited:
            if any("Press Ctrl-C" in line for line in self.output[-30:]):
                break
            time.sleep(0.2)
        services = self.service_pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for pid in services.values():  # each service leads its own process group
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                time.sleep(2)


def endpoints_file(workdir: Path, actions_port: int) -> Path:
    path = workdir / "endpoints.yml"
    path.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir / "tracker.db"}"\n'
    )
    return path


def stack_env(workdir: Path, ports: dict[str, int], database_url: str | None) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bank.db'}",
        "PORT": str(ports["gateway"]),
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "RASA_TOKEN": RASA_TOKEN,
        "BANKBOT_LOG_DIR": str(workdir / "logs"),
        "BANKBOT_DEMO": "1",
        "BANKBOT_DEMO_CODES_DIR": str(workdir / "codes"),
    }


class NoTrainedModel(RuntimeError):
    pass


def require_trained_model() -> Path:
    """A bench measures a trained model; `bankbot run` would otherwise start minutes of training."""
    key = fingerprint()
    for path in (model_path(key), model_path(key, MODEL_CACHE)):
        if path.exists():
            return path
    raise NoTrainedModel(f"no trained model for the current inputs ({key}): run `make train` first")


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
    workdir: Path,
    database_url: str | None = None,
    ready_timeout: float = 420,
    instances: int = 1,
    scaled_env: dict[str, str] | None = None,
) -> BenchStack:
    """Start `bankbot run` and wait for its 'ready.' line; ready_seconds is the time it took.
    instances N >= 2: `bankbot run --instances N` (database_url must then be PostgreSQL), with
    `scaled_env` (REDIS_URL, BANKBOT_REDIS_PREFIX ...) added to its environment."""
    require_trained_model()
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    if instances == 1:
        ports = {name: free_port() for name in SERVICES}
        endpoints = endpoints_file(workdir, ports["actions"])
        command = ["run", "--endpoints", str(endpoints)]
        env = stack_env(workdir, ports, database_url)
    else:
        # Instance i listens on the first port + i; the gateways also share ports["gateway"].
        ports = {"gateway": free_port(), **{name: free_port_block(instances) for name in ("rasa", "actions")}}
        ports["instance"] = free_port_block(instances)
        command = ["run", "--instances", str(instances)]
        env = {
            **stack_env(workdir, ports, database_url),
            "INSTANCE_PORT": str(ports["instance"]),
            **(scaled_env or {}),
        }
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(APP_VENV / "bin" / "bankbot"), *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    stack = BenchStack(process, workdir, env, ports, instances=instances)
    ready = threading.Event()

    def read_output() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            stack.line_seconds.append(time.perf_counter() - started)
            stack.output.append(line.rstrip())
            if "ready." in line and not ready.is_set():
                stack.ready_seconds = time.perf_counter() - started
                ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    deadline = time.monotonic() + ready_timeout
    while not ready.wait(0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            stack.stop()
            logs = "\n".join(
                f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
                for p in (workdir / "logs").glob("*.log")
            )
            raise RuntimeError("the stack did not become ready:\n" + "\n".join(stack.output[-40:]) + logs)
    return stack
