"""What every channel's inbound half works with: the router it hands messages to, the gateway's
tables (handled ids, offered buttons), the bank's customers and the longest message it takes.
Built once by the composition root and given to each inbound channel's constructor."""

from __future__ import annotations

from dataclasses import dataclass

from channels.ports import CustomerDirectory
from channels.router import ConversationRouter
from channels.store import GatewayStore


@dataclass(frozen=True)
class InboundServices:
    router: ConversationRouter
    store: GatewayStore
    directory: CustomerDirectory
    max_chars: int


class InboundChannel:
    """Base of the channels' inbound halves (web, SMS, Telegram)."""

    def __init__(self, services: InboundServices) -> None:
        self._router = services.router
        self._store = services.store
        self._directory = services.directory
        self._max_chars = services.max_chars
