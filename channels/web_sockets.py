"""The web channel's outbound half: the widget sockets this gateway holds, by conversation.

An agent's reply goes to the conversation's open widgets here and, through the relay (when
several gateways run), on the others; a relayed reply whose socket has just closed waits in the
outbox for the customer's next message. The web cannot push to a closed widget: `deliver` then
says False and the caller keeps the reply.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket

from channels.base import Button, ChannelAdapter, Contact
from channels.ports import Outbox
from channels.relay import GatewayRelay

logger = logging.getLogger(__name__)


def _shown(buttons: list[Button] | None) -> list[dict[str, str]]:
    return [{"title": b.title, "payload": b.payload} for b in buttons or ()]


class OpenSockets(ChannelAdapter):
    name = "web"

    def __init__(self, relay: GatewayRelay | None, outbox: Outbox) -> None:
        self._relay = relay
        self._outbox = outbox
        self._sockets: dict[str, set[WebSocket]] = {}

    async def opened(self, conversation: str, websocket: WebSocket) -> None:
        self._sockets.setdefault(conversation, set()).add(websocket)
        if self._relay is not None and len(self._sockets[conversation]) == 1:
            await self._relay.watch(conversation)

    async def closed(self, conversation: str, websocket: WebSocket) -> None:
        self._sockets.get(conversation, set()).discard(websocket)
        if not self._sockets.get(conversation):
            self._sockets.pop(conversation, None)
            if self._relay is not None:
                await self._relay.unwatch(conversation)

    async def send_text(self, contact: str, text: str) -> None:
        await self._push(contact, [{"text": text, "buttons": []}])

    async def send_buttons(self, contact: str, text: str, buttons: list[Button]) -> None:
        await self._push(contact, [{"text": text, "buttons": _shown(buttons)}])

    async def _push(self, conversation: str, messages: list[dict[str, Any]]) -> int:
        """Send to this gateway's open sockets of the conversation; how many took it."""
        pushed = 0
        for websocket in list(self._sockets.get(conversation, ())):
            try:
                await websocket.send_json({"type": "answer", "reply_to": None, "messages": messages})
                pushed += 1
            except Exception:
                self._sockets.get(conversation, set()).discard(websocket)
        return pushed

    async def deliver(self, contact: Contact, text: str, buttons: list[Button] | None = None) -> bool:
        """To the conversation's open widget(s), on this gateway or (through the relay) another
        one; False when none is open anywhere."""
        conversation = contact.address
        messages = [{"text": text, "buttons": _shown(buttons)}]
        pushed = await self._push(conversation, messages)
        relayed = 0
        if self._relay is not None:
            try:
                relayed = await self._relay.publish_web(conversation, messages)
            except Exception as exc:
                logger.warning("could not relay a reply to the other gateways: %s", exc)
        return pushed + relayed > 0

    async def on_relayed(self, conversation: str, messages: list[dict[str, Any]]) -> None:
        """Another gateway's reply for a socket of ours; kept in the outbox if it has just closed."""
        if await self._push(conversation, messages) == 0:
            for message in messages:
                await run_in_threadpool(self._outbox.put, conversation, message.get("text") or "")
