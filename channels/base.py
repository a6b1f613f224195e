"""The one small interface every channel adapter implements, and the shape of an answer.

An adapter receives a channel's request (verified by its own `verify`), hands the text to the
`ConversationRouter`, and shows the answers as the channel can: `send_text`, and
`send_buttons` which falls back to plain text (numbered options) where buttons cannot be shown.
`deliver` is outbound delivery (agents' replies, one-time codes) to a `Contact`.

The outbound half (this class) needs nothing of the conversation, so the composition root builds
it first and hands it both to the contact centre's deliverer and to the channel's inbound half.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError
from starlette.requests import Request

from channels.rasa_client import RasaUnavailable

# A backend restarting (Rasa, or a database): every channel tells the customer to try again
# in a moment (channels/texts.py BOT_UNAVAILABLE) instead of failing or staying silent.
BACKEND_DOWN = (RasaUnavailable, DBAPIError)


@dataclass(frozen=True)
class Contact:
    """Whom a delivery is for: the channel's own address (a phone number, a Telegram chat id, the
    web's conversation id, whose open widgets are the address) and the customer, when known."""

    channel: str
    address: str
    customer_id: int | None = None


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    @classmethod
    def from_rasa(cls, raw: dict[str, Any]) -> Button | None:
        title, payload = raw.get("title"), raw.get("payload")
        if not isinstance(title, str) or not title:
            return None
        return cls(title=title, payload=payload if isinstance(payload, str) and payload else title)


@dataclass(frozen=True)
class Reply:
    """One answer for the customer, channel-neutral."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def numbered_options(text: str, buttons: tuple[Button, ...] | list[Button]) -> str:
    """The plain-text fallback for buttons: '1. Yes' lines, answered by the number."""
    lines = [text] if text else []
    lines += [f"{i}. {b.title}" for i, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


def pick_numbered(answer: str, buttons: list[Button]) -> Button | None:
    """The button a reply like '2' (or '2.' / ' 2 ') picks, if any."""
    stripped = answer.strip().rstrip(".").strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1]
    return None


class ChannelAdapter(abc.ABC):
    name: str

    @abc.abstractmethod
    async def send_text(self, contact: str, text: str) -> None:
        """Send plain text to the channel's contact (phone number, chat id, socket)."""

    async def send_buttons(self, contact: str, text: str, buttons: list[Button]) -> None:
        """Show buttons; the default is the plain-text fallback of numbered options."""
        await self.send_text(contact, numbered_options(text, buttons))

    async def send(self, contact: str, text: str, buttons: list[Button] | None = None) -> None:
        """Text with buttons where there are some, plain text otherwise."""
        if buttons:
            await self.send_buttons(contact, text, list(buttons))
        else:
            await self.send_text(contact, text)

    async def send_replies(self, contact: str, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.buttons or reply.text:
                await self.send(contact, reply.text, list(reply.buttons))

    @abc.abstractmethod
    async def deliver(self, contact: Contact, text: str, buttons: list[Button] | None = None) -> bool:
        """Outbound delivery; True when handed to the channel, False when it cannot reach them."""


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit` bytes (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
