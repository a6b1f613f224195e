"""Resident memory of the stack's processes, sampled in the background while a bench runs."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import psutil


def rss_mb(pids: dict[str, int]) -> dict[str, float]:
    """Resident memory of each service's whole process tree (Sanic/uvicorn workers included),
    from the pid of the process that leads it (LaunchedStack.service_pids())."""
    sizes = {}
    for name, pid in pids.items():
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


def service_kind(name: str) -> str:
    """`rasa-1` → `rasa`: the N instances of a scaled stack are one kind of service."""
    return re.sub(r"-\d+$", "", name)


def by_kind(sizes: dict[str, float]) -> dict[str, float]:
    kinds: dict[str, float] = {}
    for name, mb in sizes.items():
        kinds[service_kind(name)] = round(kinds.get(service_kind(name), 0.0) + mb, 1)
    return kinds


class PeakMemory:
    """Samples `measure()` (MB per service) every `interval` s; keeps each one's peak, each kind's
    peak (the sum over its instances at one sample) and the peak total."""

    def __init__(self, measure: Callable[[], dict[str, float]], interval: float = 1.0) -> None:
        self._measure = measure
        self._interval = interval
        self._stop = threading.Event()
        self.peak: dict[str, float] = {}
        self.peak_by_kind: dict[str, float] = {}
        self.peak_total = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()

    def sample(self) -> dict[str, float]:
        sizes = self._measure()
        for name, mb in sizes.items():
            self.peak[name] = max(self.peak.get(name, 0.0), mb)
        for kind, mb in by_kind(sizes).items():
            self.peak_by_kind[kind] = max(self.peak_by_kind.get(kind, 0.0), mb)
        self.peak_total = max(self.peak_total, sum(sizes.values()))
        return sizes

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
