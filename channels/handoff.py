"""The gateway's side of the contact centre: delivering agents' replies on the customer's
channel, and pausing / resuming the bot's conversation in Rasa around a handoff.

Channels that cannot push (REST, a widget that is closed) keep the reply in an outbox that
the router hands over with the customer's next answer, on whichever channel (and gateway
instance) they come back.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool

from banking_backend.domain.views import CustomerView
from channels.base import ChannelAdapter, Contact
from channels.ports import CustomerDirectory, Outbox
from channels.rasa_client import RasaClient
from kernel.identity import anonymous_contact_of

logger = logging.getLogger(__name__)


class InMemoryOutbox:
    """Agents' replies waiting for a customer whose channel could not take them right away, in
    one process's memory; the gateway uses the durable `channels.store.StoredOutbox`."""

    def __init__(self) -> None:
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def put(self, conversation_id: str, text: str) -> None:
        self._pending[conversation_id].append({"text": text})

    def take(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._pending.pop(conversation_id, [])


class ChannelDeliverer:
    """contact_centre's `Deliverer`: an agent's reply through the customer's own channel.
    `adapters`: the outbound adapters by channel name (a channel without one, REST, cannot push)."""

    def __init__(
        self, adapters: Mapping[str, ChannelAdapter], directory: CustomerDirectory, outbox: Outbox
    ) -> None:
        self._adapters = adapters
        self._directory = directory
        self._outbox = outbox

    async def deliver(self, conversation_id: str, customer_id: int | None, channel: str, text: str) -> None:
        adapter = self._adapters.get(channel)
        customer = None
        if adapter is not None and customer_id is not None:
            customer = await run_in_threadpool(self._directory.by_id, customer_id)
        contact = contact_for(conversation_id, channel, customer)
        delivered = adapter is not None and contact is not None and await adapter.deliver(contact, text)
        if not delivered:
            logger.info("reply for %s kept until the customer writes again (%s)", conversation_id, channel)
            await run_in_threadpool(self._outbox.put, conversation_id, text)


def contact_for(conversation_id: str, channel: str, customer: CustomerView | None) -> Contact | None:
    """Whom an adapter reaches for a conversation: the web keys its sockets by conversation; SMS a
    customer's phone; Telegram a customer's linked chat (None: not linked, nowhere to send). A
    conversation without a known customer is reached at the channel's own contact
    (`anon-<channel>-<contact>`, see `Sender.conversation_id`)."""
    if channel == "web":
        return Contact(channel, conversation_id, customer.id if customer else None)
    if customer is None:
        address = anonymous_contact_of(conversation_id, channel)
        return Contact(channel, conversation_id if address is None else address)
    if channel == "telegram":
        if customer.telegram_id is None:
            return None
        return Contact(channel, str(customer.telegram_id), customer.id)
    return Contact(channel, customer.phone, customer.id)


class RasaPauser:
    """contact_centre's `BotResumer`, and the pause that goes with it: Rasa's own pause/resume
    events, so the tracker stays whole and the bot goes on with the same memory."""

    def __init__(self, rasa: RasaClient) -> None:
        self._rasa = rasa

    async def pause(self, conversation_id: str) -> None:
        await self._rasa.append_event(conversation_id, {"event": "pause"})

    async def resume(self, conversation_id: str) -> None:
        await self._rasa.append_event(conversation_id, {"event": "resume"})
