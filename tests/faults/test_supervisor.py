"""The stack's supervisor (`bankbot run`) restarts a child that dies, and gives up on one that
keeps dying, on real processes: a tiny HTTP server stands in for Rasa, the actions or the gateway."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from bankbot_cli.paths import ROOT
from tests.support.stack import free_port, pid_alive

DRIVER = "tests.faults.supervised_driver"


class Supervisor:
    def __init__(self, tmp_path, *args: str) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", DRIVER, str(tmp_path), str(self.port), *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.append(line.rstrip())

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))

    def pids(self) -> list[int]:
        return [int(p) for p in re.findall(r"started web \(pid (\d+)\)", "\n".join(self.lines))]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture
def supervisor(tmp_path):
    running = Supervisor(tmp_path)
    yield running
    running.close()


def test_a_killed_child_is_restarted_and_answers_again(supervisor):
    supervisor.wait_for(r"^ready\.$")
    first = supervisor.pids()[0]
    os.kill(first, signal.SIGKILL)
    supervisor.wait_for(r"web stopped unexpectedly \(code -9\)")
    supervisor.wait_for(r"web is ready again")
    second = supervisor.pids()[-1]
    assert second != first and pid_alive(second)
    assert httpx.get(f"http://127.0.0.1:{supervisor.port}/").status_code == 200
    assert supervisor.process.poll() is None, "the stack went on"


def test_a_child_that_stops_answering_is_killed_and_restarted(supervisor):
    supervisor.wait_for(r"^ready\.$")
    first = supervisor.pids()[0]
    os.kill(first, signal.SIGSTOP)  # alive and holding its port, answering nothing: hung
    supervisor.wait_for(r"web has not answered its health check for \d+ s: killing it")
    supervisor.wait_for(r"web stopped unexpectedly \(code -9\)")
    supervisor.wait_for(r"web is ready again")
    second = supervisor.pids()[-1]
    assert second != first and not pid_alive(first)
    assert httpx.get(f"http://127.0.0.1:{supervisor.port}/").status_code == 200


def test_a_child_slow_for_less_than_the_limit_is_left_alone(supervisor):
    supervisor.wait_for(r"^ready\.$")
    first = supervisor.pids()[0]
    os.kill(first, signal.SIGSTOP)
    time.sleep(0.5)  # a busy moment, well under the driver's 3 s
    os.kill(first, signal.SIGCONT)
    time.sleep(4)
    assert not [line for line in supervisor.lines if "killing it" in line]
    assert supervisor.pids() == [first] and pid_alive(first)


def test_stopping_the_stack_after_a_restart_leaves_nothing_behind(supervisor):
    supervisor.wait_for(r"^ready\.$")
    os.kill(supervisor.pids()[0], signal.SIGKILL)
    supervisor.wait_for(r"web is ready again")
    supervisor.close()
    assert supervisor.process.returncode == 0
    assert not [p for p in supervisor.pids() if pid_alive(p)]


def test_a_child_that_keeps_dying_stops_the_stack_with_an_error(tmp_path):
    crashing = Supervisor(tmp_path, "--crashing")
    try:
        assert crashing.process.wait(timeout=60) == 1
    finally:
        crashing.close()
    crashing.wait_for(r"giving up: web died 6 times within 60 s")
    # Five restarts, each after a longer pause than the one before (capped at the maximum).
    pauses = [float(p) for p in re.findall(r"restarting web in ([\d.]+) s", "\n".join(crashing.lines))]
    assert pauses == [0.1, 0.2, 0.4, 0.4, 0.4]


def test_the_children_stop_even_when_the_stacks_terminal_is_gone(tmp_path):
    """Ctrl-C after the terminal closed (or a test's pipe): the log lines fail, the stop must not."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", DRIVER, str(tmp_path), str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    lines = []
    while not lines or lines[-1] != "ready.":
        lines.append(process.stdout.readline().rstrip())
        assert lines[-1] or process.poll() is None, "the supervisor ended before it was ready"
    child = int(re.search(r"started web \(pid (\d+)\)", "\n".join(lines)).group(1))
    process.stdout.close()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while pid_alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(child)
