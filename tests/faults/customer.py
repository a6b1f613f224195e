"""A customer on the REST channel, and waiting for what the stack's supervisor says, for the
fault tests."""

from __future__ import annotations

import threading
import time

import httpx

# What the gateway says when the bot cannot answer (channels/texts.py BOT_UNAVAILABLE).
TRY_AGAIN = "Please try again in a moment"


class Customer:
    def __init__(self, stack, username: str) -> None:
        self.stack = stack
        self.username = username
        self.token = stack.bankbot("token", username)

    def say(self, message: str, timeout: float = 120) -> httpx.Response:
        return httpx.post(
            f"{self.stack.gateway_url}/webhooks/rest/webhook",
            json={"sender": self.username, "message": message},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=timeout,
        )

    def reply_to(self, message: str) -> str:
        response = self.say(message)
        assert response.status_code == 200, response.text
        return "\n".join(m.get("text") or "" for m in response.json())

    def say_in_background(self, message: str) -> Pending:
        return Pending(self, message)


class Pending:
    """A message on its way, answered (or not) while the test breaks something."""

    def __init__(self, customer: Customer, message: str) -> None:
        self.response: httpx.Response | None = None
        self.error: httpx.HTTPError | None = None
        self._thread = threading.Thread(target=self._send, args=(customer, message), daemon=True)
        self._thread.start()

    def _send(self, customer: Customer, message: str) -> None:
        try:
            self.response = customer.say(message)
        except httpx.HTTPError as exc:
            self.error = exc

    def wait(self, timeout: float = 180) -> Pending:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the message was never answered nor refused"
        return self


def text_of(response: httpx.Response) -> str:
    return "\n".join(m.get("text") or "" for m in response.json())


def wait_for_line(stack, fragment: str, count: int = 1, timeout: float = 300) -> None:
    """Until the stack's output holds `fragment` `count` times (e.g. "actions is ready again")."""
    deadline = time.monotonic() + timeout
    while sum(fragment in line for line in list(stack.output)) < count:
        assert time.monotonic() < deadline, f"no {fragment!r} ×{count} in:\n" + "\n".join(stack.output[-30:])
        time.sleep(0.2)


def lines_with(stack, fragment: str) -> int:
    return sum(fragment in line for line in list(stack.output))
