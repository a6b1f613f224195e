"""Waiting for what the stack's supervisor says (`bankbot run`'s output), for the fault tests."""

from __future__ import annotations

import time


def wait_for_line(stack, fragment: str, count: int = 1, timeout: float = 300) -> None:
    """Until the stack's output holds `fragment` `count` times (e.g. "actions is ready again")."""
    deadline = time.monotonic() + timeout
    while lines_with(stack, fragment) < count:
        assert time.monotonic() < deadline, f"no {fragment!r} ×{count} in:\n" + "\n".join(stack.output[-30:])
        time.sleep(0.2)


def lines_with(stack, fragment: str) -> int:
    return sum(fragment in line for line in list(stack.output))
