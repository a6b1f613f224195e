"""One conversation router for every channel.

It turns a channel's verified sender into the conversation id (the customer's own, so the
dialogue follows them across channels), signs the identity for the actions, asks Rasa,
and returns the answers in the customer's script.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from banking_backend.identity import sign_identity
from channels.rasa_client import RasaClient
from channels.rendering import to_traditional, writes_traditional

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sender:
    """Who wrote, as far as the channel could verify: a bank customer or an anonymous contact."""

    channel: str
    customer_id: int | None
    channel_user: str  # the channel's own id for the contact (session, phone, chat id)

    @property
    def conversation_id(self) -> str:
        if self.customer_id is not None:
            return f"customer-{self.customer_id}"
        return f"anon-{self.channel}-{self.channel_user}"


class ConversationRouter:
    def __init__(self, rasa: RasaClient) -> None:
        self._rasa = rasa
        # Last script seen per conversation, so "好" after "轉賬" is still answered in traditional.
        self._traditional: dict[str, bool] = {}

    async def handle(self, sender: Sender, text: str) -> list[dict[str, Any]]:
        conversation_id = sender.conversation_id
        metadata: dict[str, Any] = {"channel": sender.channel}
        if sender.customer_id is not None:
            metadata["identity"] = sign_identity(
                sender.customer_id, sender.channel, conversation_id
            )
        answers = await self._rasa.send(conversation_id, text, metadata)
        script = writes_traditional(text)
        if script is not None:
            self._traditional[conversation_id] = script
        if self._traditional.get(conversation_id):
            answers = to_traditional(answers)
        return [_public(answer) for answer in answers]


def _public(answer: dict[str, Any]) -> dict[str, Any]:
    """Rasa's message without its internal recipient id."""
    return {k: v for k, v in answer.items() if k != "recipient_id"}
