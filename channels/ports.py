"""What the gateway's router and channel adapters need from their collaborators, as Protocols.

The composition root (`channels/composition.py`) builds the real ones and passes them to the
constructors: the contact centre's desk, the gateway's stored outbox, the bank's customers
(`channels/bank_directory.py`), Rasa's pause, the service's metrics. Tests give in-process
stand-ins. Nothing here is set on an object after it is built.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Protocol

from prometheus_client import Counter, Histogram

# The bank's declared port for one-time codes: the gateway fills it (channels/code_delivery.py).
from banking_backend.code_senders import CodeSender
from banking_backend.domain.views import CustomerView

__all__ = ["CodeSender", "CustomerDirectory", "Desk", "GatewayMetrics", "Outbox", "Pauser"]


class Desk(Protocol):
    """The contact centre's handoff desk (`contact_centre.desk.HandoffDesk`)."""

    async def route_customer_message(
        self, conversation_id: str, customer_id: int | None, channel: str, text: str
    ) -> list[dict[str, Any]] | None:
        """None: the conversation is with the bot. Otherwise the message went to the agent, and
        these are the answers for the customer (their place in the queue, or nothing)."""

    async def on_bot_handoff(
        self, conversation_id: str, customer_id: int | None, channel: str, reason: str
    ) -> list[dict[str, Any]]:
        """The bot asked for a human: queue the conversation; the answers say where they stand."""


class Pauser(Protocol):
    """Pauses the bot's conversation while a person has it (`channels.handoff.RasaPauser`)."""

    async def pause(self, conversation_id: str) -> None: ...


class Outbox(Protocol):
    """Agents' replies waiting for a customer whose channel could not take them at the time."""

    def put(self, conversation_id: str, text: str) -> None: ...

    def take(self, conversation_id: str) -> list[dict[str, Any]]:
        """The waiting replies (`{"text": ...}`), oldest first, each handed over once."""


class GatewayMetrics(Protocol):
    """The figures the router counts (`contact_centre.metrics.ServiceMetrics`)."""

    messages: Counter
    latency: Histogram
    errors: Counter
    rate_limited: Counter
    empty_answers: Counter


class CustomerDirectory(Protocol):
    """The bank's customers as the channels meet them, and linking a Telegram user to one.
    Synchronous (the bank's services are): async callers use a worker thread."""

    code_attempts: int  # wrong codes before a link code is spent
    code_lifetime: timedelta  # how long a link code is good for

    def by_id(self, customer_id: int) -> CustomerView | None: ...

    def by_username(self, username: str) -> CustomerView | None: ...

    def by_phone(self, phone: str) -> CustomerView | None: ...

    def by_telegram_user(self, telegram_user_id: int) -> CustomerView | None: ...

    def send_link_code(self, customer_id: int, sender: CodeSender) -> bool:
        """Text the customer a code for linking Telegram; False when the bank refused to issue
        one now (too many codes), and none was sent."""

    def link_telegram(self, customer_id: int, telegram_user_id: int, code: str) -> None:
        """Check the code and link. Raises the bank's CodeInvalid (attempts left), CodeExpired,
        CodeLocked or TelegramAlreadyLinked."""

    def check_without_code(self, code: str) -> None:
        """The same work as checking a code, where there is none to match (a decoy request)."""
