"""Runs Rasa, the action server and the gateway as one supervised stack, and stops them as one.

Each child gets its own process group, so stopping the stack also stops what a child
spawned (Sanic's worker processes), and nothing is left behind after Ctrl-C or SIGTERM.
A child that dies is restarted, like a process manager would, with a growing pause between
restarts; the stack gives up (and stops) only when one child keeps dying. A child that is alive
but no longer answers its health check (deadlocked, frozen, stuck in a loop) is killed after a
while and restarted the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bankbot_cli.paths import LOGS, ROOT


class PortTaken(RuntimeError):
    pass


class StartFailed(RuntimeError):
    pass


@dataclass
class Service:
    name: str
    argv: list[str]
    host: str
    port: int
    health_path: str
    env: dict[str, str]
    process: subprocess.Popen | None = field(default=None, repr=False)
    # Supervision: when the child died recently, and when it is due to start again.
    deaths: deque[float] = field(default_factory=deque, repr=False)
    restart_at: float | None = field(default=None, repr=False)
    awaiting_ready: bool = field(default=False, repr=False)
    # When it last answered its health check (set by the watchdog thread); None while starting.
    answered_at: float | None = field(default=None, repr=False)

    @property
    def log_path(self) -> Path:
        return LOGS / f"{self.name}.log"

    @property
    def health_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}{self.health_path}"


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class RestartPolicy:
    """How the supervisor restarts a dead child: after 0.5 s, then 1, 2, 4 ... at most `max_backoff`
    seconds; more than `max_restarts` deaths of one child within `window` seconds stop the stack
    (a child that cannot stay up is a fault to report, not to hide). A ready child's health is
    checked every `probe_every` seconds; one that has not answered for `hung_after` seconds is
    killed (and so restarted). 30 s is far above Rasa's slowest answer under load (~3.5 s at 64
    concurrent customers, bench/results), so a busy child is never taken for a hung one."""

    first_backoff: float = 0.5
    max_backoff: float = 10.0
    max_restarts: int = 5
    window: float = 60.0
    probe_every: float = 5.0
    hung_after: float = 30.0

    @classmethod
    def from_env(cls) -> RestartPolicy:
        """BANKBOT_HUNG_AFTER (seconds) overrides how long a silent child is given."""
        return cls(hung_after=float(os.environ.get("BANKBOT_HUNG_AFTER", cls.hung_after)))

    def backoff(self, recent_deaths: int) -> float:
        return min(self.max_backoff, self.first_backoff * 2 ** max(0, recent_deaths - 1))


class Stack:
    def __init__(self, services: list[Service], log=print, restarts: RestartPolicy | None = None) -> None:
        self.services = services
        self._log = log
        self._restarts = restarts or RestartPolicy.from_env()
        self._stopping = threading.Event()
        self._previous_handlers: dict[int, object] = {}

    def check_ports(self) -> None:
        for s in self.services:
            if not port_is_free(s.host, s.port):
                raise PortTaken(
                    f"port {s.port} ({s.name}) is already in use: stop what is using it, "
                    f"or choose another port (PORT for the gateway)."
                )

    def start(self) -> None:
        # From the first child on, SIGINT/SIGTERM mean "stop the stack", never "leave the
        # children behind": wait_ready and run_until_stopped look at the flag.
        self._catch_stop_signals()
        LOGS.mkdir(parents=True, exist_ok=True)
        for s in self.services:
            self._spawn(s)
            self._log(f"started {s.name} (pid {s.process.pid}), log: {s.log_path}")

    def _spawn(self, s: Service) -> None:
        log_file = open(s.log_path, "ab")  # noqa: SIM115 - the child owns it while it runs
        s.process = subprocess.Popen(
            s.argv,
            cwd=ROOT,
            env=s.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log_file.close()

    def start_until_ready(self, timeout: float) -> bool:
        """Start every service and wait for all to be ready; on failure or Ctrl-C, say why and
        stop what was started (False)."""
        self.start()
        try:
            self.wait_ready(timeout=timeout)
        except (StartFailed, KeyboardInterrupt) as exc:
            print(f"bankbot: {exc}", file=sys.stderr)
            self.stop()
            return False
        self._log("ready.")
        return True

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        with httpx.Client(timeout=2) as client:
            while pending:
                if self._stopping.is_set():
                    raise KeyboardInterrupt("stopped while starting")
                for s in list(pending):
                    if s.process and s.process.poll() is not None:
                        raise StartFailed(
                            f"{s.name} exited with code {s.process.returncode}:\n{tail(s.log_path)}"
                        )
                    if _healthy(client, s):
                        self._log(f"{s.name} is ready")
                        pending.remove(s)
                if pending and time.monotonic() > deadline:
                    names = ", ".join(s.name for s in pending)
                    raise StartFailed(f"not ready after {timeout:.0f} s: {names}")
                if pending:
                    time.sleep(0.3)

    def first_exited(self) -> Service | None:
        for s in self.services:
            if s.process and s.process.poll() is not None:
                return s
        return None

    def stop(self, grace: float = 10) -> None:
        for s in reversed(self.services):
            _signal_group(s, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for s in self.services:
            if s.process is None:
                continue
            try:
                s.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for s in self.services:  # whatever ignored SIGTERM, and grandchildren of any
            _signal_group(s, signal.SIGKILL)
            if s.process is not None:
                s.process.wait()

    def run_until_stopped(self) -> int:
        """Supervise until SIGINT/SIGTERM: restart a child that dies; stop everything and return
        0, or 1 when a child kept dying and the stack gave up."""
        self._catch_stop_signals()
        code = 0
        now = time.monotonic()
        for s in self.services:
            s.answered_at = now
        threading.Thread(target=self._watch_health, name="health-watchdog", daemon=True).start()
        try:
            with httpx.Client(timeout=1) as client:
                while code == 0 and not self._stopping.wait(0.25):
                    if not all(self._supervise(s, client) for s in self.services):
                        code = 1
        finally:
            # Whatever happened above (even a log line to a closed terminal), the children stop.
            self._say("stopping the stack ...")
            self.stop()
            for sig, handler in self._previous_handlers.items():
                signal.signal(sig, handler)
        self._say("stopped.")
        return code

    def _catch_stop_signals(self) -> None:
        if self._previous_handlers or threading.current_thread() is not threading.main_thread():
            return

        def on_signal(_signum, _frame):
            self._stopping.set()

        self._previous_handlers = {
            sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)
        }

    def _say(self, line: str) -> None:
        """Log a supervision line; a closed stdout (the terminal or a test's pipe gone) must not
        stop the supervision itself."""
        try:
            self._log(line)
        except OSError:
            pass

    def _supervise(self, s: Service, client: httpx.Client) -> bool:
        """One look at one child: restart it when due, note when it answers again, schedule a
        restart when it died. False when it died too often to go on."""
        now = time.monotonic()
        if s.restart_at is not None:
            if now >= s.restart_at:
                s.restart_at = None
                self._spawn(s)
                s.awaiting_ready = True
                self._say(f"restarted {s.name} (pid {s.process.pid})")
            return True
        if s.process is None:
            return True
        code = s.process.poll()
        if code is None:
            if s.awaiting_ready and _healthy(client, s):
                s.awaiting_ready = False
                s.answered_at = now
                self._say(f"{s.name} is ready again")
            elif s.answered_at is not None and now - s.answered_at > self._restarts.hung_after:
                self._say(
                    f"{s.name} has not answered its health check for {now - s.answered_at:.0f} s: killing it"
                )
                s.answered_at = None
                _signal_group(s, signal.SIGKILL)  # seen dead on the next look, and restarted
            return True
        # What the dead child spawned (Sanic's workers) would hold its port: end it too.
        _signal_group(s, signal.SIGKILL)
        s.deaths.append(now)
        while s.deaths and now - s.deaths[0] > self._restarts.window:
            s.deaths.popleft()
        self._say(f"{s.name} stopped unexpectedly (code {code}):\n{tail(s.log_path, 10)}")
        if len(s.deaths) > self._restarts.max_restarts:
            self._say(f"giving up: {s.name} died {len(s.deaths)} times within {self._restarts.window:.0f} s")
            return False
        backoff = self._restarts.backoff(len(s.deaths))
        s.restart_at = now + backoff
        s.awaiting_ready = False
        s.answered_at = None
        self._say(f"restarting {s.name} in {backoff:g} s")
        return True

    def _watch_health(self) -> None:
        """Probe each ready child's health check in this thread, so a slow answer never delays
        noticing a death in the supervision loop."""
        timeout = min(5.0, self._restarts.hung_after / 3)
        with httpx.Client(timeout=timeout) as client:
            while not self._stopping.wait(self._restarts.probe_every):
                for s in self.services:
                    ready = s.answered_at is not None and not s.awaiting_ready and s.restart_at is None
                    if ready and _healthy(client, s):
                        s.answered_at = time.monotonic()


def _healthy(client: httpx.Client, s: Service) -> bool:
    try:
        return client.get(s.health_url).status_code == 200
    except httpx.HTTPError:
        return False


def _signal_group(service: Service, sig: int) -> None:
    if service.process is None:
        return
    try:
        os.killpg(service.process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def fail(message: str) -> None:
    print(f"bankbot: {message}", file=sys.stderr)


def redacted(url: str) -> str:
    """A database or broker URL fit for a log line: the credentials hidden."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
