"""Tells the console's open pages that the queue or a conversation changed (for Server-Sent
Events). Safe to notify from any thread or event loop. With several gateway instances, the
gateway hooks a Redis relay on `on_notify` and calls `wake` when another instance changed the
queue; without one, pages still re-read every few seconds, so such a change shows up, later."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable


class ChangeFeed:
    def __init__(self, on_notify: list[Callable[[], None]] | None = None) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        # Told of every local change (the gateway's relay to the other instances).
        self.on_notify: list[Callable[[], None]] = list(on_notify or ())

    @property
    def version(self) -> int:
        return self._version

    def notify(self) -> None:
        """A change made here: wake this process's pages and tell the hooks."""
        self.wake()
        for hook in list(self.on_notify):
            hook()

    def wake(self) -> None:
        """Wake this process's pages (for a change made here or by another instance)."""
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
