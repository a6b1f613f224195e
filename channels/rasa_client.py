"""Talks to Rasa's REST channel on loopback, passing the verified customer as metadata."""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    pass


class RasaClient:
    def __init__(self, base_url: str, timeout: float, token: str | None = None) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._token = token

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                "/webhooks/rest/webhook",
                json={"sender": conversation_id, "message": text, "metadata": metadata},
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc
        return response.json()

    async def append_event(self, conversation_id: str, event: dict[str, Any]) -> None:
        """Add an event to the conversation's tracker through Rasa's HTTP API (token-protected)."""
        try:
            response = await self._client.post(
                f"/conversations/{conversation_id}/tracker/events",
                params={"token": self._token} if self._token else None,
                json=event,
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc)) from exc

    async def close(self) -> None:
        await self._client.aclose()
