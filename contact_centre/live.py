"""Tells the console's open pages that the queue or a conversation changed (for Server-Sent
Events). Safe to notify from any thread or event loop. In-process only: pages also re-read
every few seconds, so a change made by another gateway instance shows up too, just later."""

from __future__ import annotations

import asyncio
import threading


class ChangeFeed:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    @property
    def version(self) -> int:
        return self._version

    def notify(self) -> None:
        with self._lock:
            self._version += 1
            waiters = list(self._waiters)
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that page's loop has closed
                pass

    async def wait_for_change(self, seen: int, timeout: float) -> int:
        """Return as soon as the version is past `seen`, or after `timeout` seconds."""
        event = asyncio.Event()
        waiter = (asyncio.get_running_loop(), event)
        with self._lock:
            if self._version != seen:
                return self._version
            self._waiters.add(waiter)
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            with self._lock:
                self._waiters.discard(waiter)
        return self._version
