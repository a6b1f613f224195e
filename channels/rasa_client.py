"""Talks to Rasa's REST channel on loopback, passing the verified customer as metadata.

With several Rasa instances (RASA_URLS) it balances round-robin over them. Rasa's shared
tracker store and lock store make any instance able to carry on any conversation, so a request
goes to the next instance when the chosen one surely did not process it: the connection was
refused or never made, or a proxy in front answered 503. A request that reached Rasa and then
failed (timeout, connection reset, 500, 502, 504) is not resent: Rasa may have run the
customer's message, and running it twice would add it twice to the dialogue. The customer is
told to try again instead (the transfer's idempotency key keeps a resent "yes" from paying twice).
Connections are not kept alive between requests: on a reused connection that a dead Rasa left
behind, a failure would not say whether the request had been read; on a fresh one, a refused
connection does (a loopback connect costs well under a millisecond next to Rasa's answer).
"""

from __future__ import annotations

import itertools
import logging
from contextvars import ContextVar
from typing import Any

import httpx


class RasaUnavailable(Exception):
    pass


# Which Rasa instance answered the last request made in this context (`host:port`), for the
# X-Bankbot-Rasa-Instance header: set by `send`, read by the channel that awaited it.
answered_by: ContextVar[str | None] = ContextVar("answered_by", default=None)

logger = logging.getLogger(__name__)
_NEVER_PROCESSED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RasaClient:
    def __init__(self, base_url: str | list[str] | tuple[str, ...], timeout: float, token: str | None = None):
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        fresh = httpx.Limits(max_keepalive_connections=0)
        self._clients = [httpx.AsyncClient(base_url=url, timeout=timeout, limits=fresh) for url in urls]
        self._names = [f"{c.base_url.host}:{c.base_url.port}" for c in self._clients]
        self._turns = itertools.cycle(range(len(self._clients)))
        self._token = token

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        response = await self._post(
            "/webhooks/rest/webhook",
            json={"sender": conversation_id, "message": text, "metadata": metadata},
            check_empty=True,
        )
        return response.json()

    async def append_event(self, conversation_id: str, event: dict[str, Any]) -> None:
        """Add an event to the conversation's tracker through Rasa's HTTP API (token-protected)."""
        await self._post(
            f"/conversations/{conversation_id}/tracker/events",
            params={"token": self._token} if self._token else None,
            json=event,
        )

    async def silent_turn(
        self, conversation_id: str, message_id: str, instance: str | None
    ) -> dict[str, Any] | None:
        """After an empty answer: the conversation's slots when Rasa handled this message (its user
        event carries `message_id` in its metadata) to the end and the bot said nothing, a defect;
        None when the message was not handled, an outage. Rasa 3.6 answers 200 and nothing in both
        cases: it saves nothing when the tracker or lock store failed, and when an action call
        failed it saves the message and the action without the action's events
        (`lost_an_action`). Asks `instance` (`host:port`, as `answered_by` names it; the first
        when unknown). Raises RasaUnavailable when the tracker cannot be read."""
        index = self._names.index(instance) if instance in self._names else 0
        try:
            response = await self._clients[index].get(
                f"/conversations/{conversation_id}/tracker",
                params={"token": self._token} if self._token else None,
            )
            response.raise_for_status()
            tracker = response.json()
            events, slots = list(tracker.get("events") or []), tracker.get("slots") or {}
        except (httpx.HTTPError, ValueError, AttributeError, TypeError) as exc:
            raise RasaUnavailable(f"{self._names[index]}: tracker unreadable: {exc!r}") from exc
        turn = turn_of(events, message_id)
        if turn is None or lost_an_action(turn):
            return None
        return slots if isinstance(slots, dict) else {}

    async def _loading(self, index: int) -> bool:
        """A Rasa restarted by the supervisor listens before its model is loaded, and its REST
        channel then answers 200 with nothing, having processed nothing: `/status` says 409."""
        try:
            status = await self._clients[index].get("/status", params={"token": self._token or ""})
        except httpx.HTTPError:
            return False  # cannot tell: not resent
        return status.status_code == 409

    async def _post(self, path: str, check_empty: bool = False, **kwargs: Any) -> httpx.Response:
        first = next(self._turns)
        failures = []
        for offset in range(len(self._clients)):
            index = (first + offset) % len(self._clients)
            name = self._names[index]
            try:
                response = await self._clients[index].post(path, **kwargs)
            except _NEVER_PROCESSED as exc:
                logger.warning("Rasa at %s unreachable (%r): trying the next instance", name, exc)
                failures.append(f"{name}: {exc!r}")
                continue
            except httpx.HTTPError as exc:
                logger.warning("Rasa at %s failed mid-request, not resent: %r", name, exc)
                raise RasaUnavailable(f"{name}: {exc!r}") from exc
            if response.status_code == 503:
                logger.warning("Rasa at %s answered 503: trying the next instance", name)
                failures.append(f"{name}: 503")
                continue
            try:
                response.raise_for_status()
            except httpx.HTTPError as exc:
                logger.warning("Rasa at %s answered %s, not resent", name, response.status_code)
                raise RasaUnavailable(f"{name}: {exc}") from exc
            if check_empty and response.content.strip() in (b"[]", b"") and await self._loading(index):
                logger.warning("Rasa at %s is still loading its model: trying the next instance", name)
                failures.append(f"{name}: loading")
                continue
            answered_by.set(name)
            return response
        raise RasaUnavailable("no Rasa instance answered: " + "; ".join(failures))

    async def close(self) -> None:
        for client in self._clients:
            await client.aclose()


# Rasa's own actions (rasa.shared.core.constants.DEFAULT_ACTION_NAMES): they run inside Rasa, often
# with no events of their own, and never call the action server.
_RASA_ACTIONS = frozenset(
    {
        "action_listen",
        "action_restart",
        "action_session_start",
        "action_default_fallback",
        "action_deactivate_loop",
        "action_revert_fallback_events",
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "action_two_stage_fallback",
        "action_unlikely_intent",
        "action_back",
        "...",
        "action_extract_slots",
    }
)


def turn_of(events: list[Any], message_id: str) -> list[dict[str, Any]] | None:
    """The tracker's events from the user event of message `message_id` on; None when Rasa did
    not save that event."""
    for at in range(len(events) - 1, -1, -1):
        event = events[at]
        if (
            isinstance(event, dict)
            and event.get("event") == "user"
            and isinstance(event.get("metadata"), dict)
            and event["metadata"].get("message_id") == message_id
        ):
            return [e for e in events[at:] if isinstance(e, dict)]
    return None


def lost_an_action(turn: list[dict[str, Any]]) -> bool:
    """Whether a bot action (a custom action or form, not an `utter_` one) ran in the turn without
    a single event of its own: Rasa 3.6 logs an action whose call failed ("Bot will continue, but
    the actions events are lost") and saves the tracker; every action of this bot that runs to
    the end returns events (a form its loop and slots, an action its message)."""
    for event, following in itertools.pairwise([*turn, None]):
        if event is None or event.get("event") != "action":
            continue
        name = str(event.get("name") or "")
        if name in _RASA_ACTIONS or name.startswith("utter_"):
            continue
        if following is None or following.get("event") == "action":
            return True
    return False
