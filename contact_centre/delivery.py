"""The ports the gateway fills: delivering an agent's reply on the customer's channel, and
handing the conversation back to the bot. In-process recorders stand in for the channels in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@runtime_checkable
class Deliverer(Protocol):
    async def deliver(self, conversation_id: str, customer_id: int | None, channel: str, text: str) -> None:
        """Send `text` to the customer on `channel`; raise DeliveryFailed if it could not be sent."""


@runtime_checkable
class BotResumer(Protocol):
    async def resume(self, conversation_id: str) -> None:
        """Give the conversation back to the bot, its tracker whole (e.g. Rasa's `resume` event)."""


class DeliveryFailed(Exception):
    """The channel refused or could not be reached; the reply stays in the transcript, marked failed."""


@dataclass(frozen=True)
class Delivered:
    conversation_id: str
    customer_id: int | None
    channel: str
    text: str


@dataclass
class RecordingDeliverer:
    """Keeps what it was asked to deliver; `fail_with` makes the next deliveries fail."""

    sent: list[Delivered] = field(default_factory=list)
    fail_with: Exception | None = None

    async def deliver(self, conversation_id: str, customer_id: int | None, channel: str, text: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(Delivered(conversation_id, customer_id, channel, text))


@dataclass
class RecordingResumer:
    resumed: list[str] = field(default_factory=list)

    async def resume(self, conversation_id: str) -> None:
        self.resumed.append(conversation_id)
