"""Shared by the customer-side handoff journeys (issue 6) on the real stack: the console over
HTTP with its CSRF flow, and Rasa's tracker read through Rasa's HTTP API."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

DEMO_SUPERVISOR = ("supervisor", "demo-supervisor")
DEMO_AGENT = ("agent", "demo-agent")
ASK_FOR_A_HUMAN = "I want to talk to a human"
QUEUE_MESSAGE = "in the queue for a person"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def stack_env(tmp: Path) -> dict[str, str]:
    """What a handoff test adds to the stack's environment: the console reads the same tracker
    store that `start_stack` gives Rasa (its endpoints file puts it at `<tmp>/tracker.db`)."""
    return {"BANKBOT_TRACKER_DB_URL": f"sqlite:///{tmp / 'tracker.db'}"}


def tracker_events(stack, conversation_id: str) -> list[dict]:
    response = httpx.get(
        f"http://127.0.0.1:{stack.ports['rasa']}/conversations/{conversation_id}/tracker",
        params={"token": stack.env.get("RASA_TOKEN", "demo-rasa-token")},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["events"]


def user_texts(events: list[dict]) -> list[str]:
    return [e.get("text") or "" for e in events if e["event"] == "user"]


def _csrf_of(page: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, "the console's page carries its CSRF token"
    return match.group(1)


class ConsoleClient:
    """The console as an agent's browser uses it, over plain HTTP: sign-in with the form's
    token, then every POST with the session's token."""

    def __init__(self, stack, who: tuple[str, str] = DEMO_SUPERVISOR) -> None:
        self.http = httpx.Client(base_url=f"{stack.gateway_url}/console", timeout=30)
        login = self.http.get("/login")
        login.raise_for_status()
        signed_in = self.http.post(
            "/login",
            data={"username": who[0], "password": who[1], "csrf_token": _csrf_of(login.text)},
        )
        assert signed_in.status_code == 303, signed_in.text
        assert signed_in.headers["location"].endswith("/console/queue")
        queue = self.http.get("/queue")
        assert queue.status_code == 200
        self.csrf = _csrf_of(queue.text)

    def queue(self) -> list[dict]:
        response = self.http.get("/queue.json")
        response.raise_for_status()
        return response.json()["queue"]

    def open_handoff(self, conversation_id: str) -> dict | None:
        return next((r for r in self.queue() if r["conversation_id"] == conversation_id), None)

    def post(self, handoff_id: int, what: str, **fields: str) -> httpx.Response:
        response = self.http.post(
            f"/conversations/{handoff_id}/{what}", data={"csrf_token": self.csrf, **fields}
        )
        assert response.status_code == 303, f"{what}: {response.status_code} {response.text[:500]}"
        return response

    def transcript(self, handoff_id: int) -> str:
        response = self.http.get(f"/conversations/{handoff_id}/transcript", headers={"accept": "text/html"})
        response.raise_for_status()
        return response.text

    def close(self) -> None:
        self.http.close()
