"""The gateway's side of the contact centre: delivering agents' replies on the customer's
channel, and pausing / resuming the bot's conversation in Rasa around a handoff.

Channels that cannot push (REST, a widget that is closed) keep the reply in an outbox that
the router hands over with the customer's next answer, on whichever channel (and gateway
instance) they come back.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from starlette.concurrency import run_in_threadpool

from banking_backend.domain.errors import CustomerNotFound
from banking_backend.services import customers
from channels.base import BankUow, ChannelAdapter
from channels.rasa_client import RasaClient
from kernel.identity import anonymous_contact_of

logger = logging.getLogger(__name__)


class Outbox:
    """Agents' replies waiting for a customer whose channel could not take them right away, in
    one process's memory; the gateway uses the durable `channels.store.StoredOutbox`."""

    def __init__(self) -> None:
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def put(self, conversation_id: str, text: str) -> None:
        self._pending[conversation_id].append({"text": text})

    def take(self, conversation_id: str) -> list[dict[str, Any]]:
        return self._pending.pop(conversation_id, [])


class ChannelDeliverer:
    """contact_centre's `Deliverer`: an agent's reply through the customer's own channel."""

    def __init__(self, adapters: dict[str, Any], bank: BankUow, outbox: Outbox) -> None:
        self._adapters = adapters
        self._bank = bank
        self._outbox = outbox

    async def deliver(self, conversation_id: str, customer_id: int | None, channel: str, text: str) -> None:
        adapter = self._adapters.get(channel)
        contact: Any = _anonymous_contact(conversation_id, channel)
        if customer_id is not None:
            try:
                contact = await run_in_threadpool(customers.get_customer, self._bank(), customer_id)
            except CustomerNotFound:
                pass
        delivered = isinstance(adapter, ChannelAdapter) and await adapter.deliver(contact, text)
        if not delivered:
            logger.info("reply for %s kept until the customer writes again (%s)", conversation_id, channel)
            await run_in_threadpool(self._outbox.put, conversation_id, text)


def _anonymous_contact(conversation_id: str, channel: str) -> str:
    """Whom an adapter reaches for a conversation without a customer: the web keys its sockets
    by conversation; the others want the channel's own contact (kernel/identity.py), not the
    conversation id as a phone number or chat id."""
    contact = anonymous_contact_of(conversation_id, channel) if channel != "web" else None
    return conversation_id if contact is None else contact


class RasaPauser:
    """contact_centre's `BotResumer`, and the pause that goes with it: Rasa's own pause/resume
    events, so the tracker stays whole and the bot goes on with the same memory."""

    def __init__(self, rasa: RasaClient) -> None:
        self._rasa = rasa

    async def pause(self, conversation_id: str) -> None:
        await self._rasa.append_event(conversation_id, {"event": "pause"})

    async def resume(self, conversation_id: str) -> None:
        await self._rasa.append_event(conversation_id, {"event": "resume"})
