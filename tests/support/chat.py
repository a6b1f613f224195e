"""A customer on the gateway's REST channel (`POST /webhooks/rest/webhook`), for the tests that
go through the whole stack: signed in with `bankbot token <username>`, or anonymous."""

from __future__ import annotations

import threading

import httpx

WEBHOOK = "/webhooks/rest/webhook"
# What the gateway says when the bot cannot answer (channels/texts.py BOT_UNAVAILABLE).
TRY_AGAIN = "Please try again in a moment"


def post_message(
    gateway_url: str, message: str, token: str | None, sender: str, timeout: float = 120
) -> httpx.Response:
    """One message as a REST client sends it; with a bearer token when there is one."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(
        f"{gateway_url}{WEBHOOK}",
        json={"sender": sender, "message": message},
        headers=headers,
        timeout=timeout,
    )


def answered(response: httpx.Response) -> httpx.Response:
    """The response, which must be a 200: the bot (or an agent) answered."""
    assert response.status_code == 200, response.text
    return response


def text_of(response: httpx.Response) -> str:
    """The texts of the bot's answers, a line each."""
    return "\n".join(m.get("text") or "" for m in response.json())


class Customer:
    """A signed-in customer of the stack. `url` (any of the methods): another gateway than the
    stack's own, e.g. one instance of a scaled stack."""

    def __init__(self, stack, username: str) -> None:
        self.stack = stack
        self.username = username
        self.token = stack.bankbot("token", username)
        self.payloads: list[dict] = []  # the custom payloads of the answers so far, in order

    def send(self, message: str, timeout: float = 120, url: str | None = None) -> httpx.Response:
        """The gateway's response, whatever its status (a 503 while a service restarts ...)."""
        return post_message(url or self.stack.gateway_url, message, self.token, self.username, timeout)

    def answer(self, message: str, url: str | None = None) -> httpx.Response:
        """The gateway's response, which must be a 200; its custom payloads are kept."""
        response = answered(self.send(message, url=url))
        self.payloads += [a["custom"] for a in response.json() if a.get("custom")]
        return response

    def say(self, message: str, url: str | None = None) -> str:
        """The bot's answer, as text."""
        return text_of(self.answer(message, url))

    def converse(self, first: str, answers: dict[str, str], done: str, turns: int = 8) -> str:
        """Say `first`, then answer each question the bot asks (matched by a phrase of it)
        until its reply contains `done`."""
        reply = self.say(first)
        for _ in range(turns):
            if done in reply:
                return reply
            phrase = next((p for p in answers if p in reply), None)
            assert phrase is not None, f"unexpected reply: {reply!r}"
            reply = self.say(answers[phrase])
        raise AssertionError(f"no {done!r} after {turns} turns; last reply: {reply!r}")

    def send_in_background(self, message: str) -> Pending:
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
            self.response = customer.send(message)
        except httpx.HTTPError as exc:
            self.error = exc

    def wait(self, timeout: float = 180) -> Pending:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the message was never answered nor refused"
        return self
