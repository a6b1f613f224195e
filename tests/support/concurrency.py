"""Many calls at the same moment, for the tests of what must hold under concurrency (one
confirmation executed once, a limit kept, one queue entry)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(
    action: Callable[[], T], times: int, *, expected: tuple[type[BaseException], ...] = ()
) -> list[T | BaseException]:
    """Runs `action` in `times` threads released together, and waits for them all. What each call
    returned, or raised of the `expected` errors, in the order they finished; any other error is
    raised here, so that it fails the test rather than die with its thread."""
    start = threading.Barrier(times)
    outcomes: list[T | BaseException] = []
    unexpected: list[BaseException] = []

    def call() -> None:
        start.wait()
        try:
            outcomes.append(action())
        except expected as error:
            outcomes.append(error)
        except BaseException as error:  # noqa: BLE001 - raised in the test's thread below
            unexpected.append(error)

    threads = [threading.Thread(target=call) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if unexpected:
        raise unexpected[0]
    return outcomes
