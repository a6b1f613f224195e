"""How one-time codes reach the customer: channels provide a CodeSender (SMS, Telegram...).
Two simple ones live here: one that records (tests) and one that logs (the demo)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from banking_backend.domain.views import CustomerView
from kernel.masking import last_four

logger = logging.getLogger(__name__)


class CodeSender(Protocol):
    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        """Deliver `code` to the customer. Must not log or store the code."""


@dataclass(frozen=True)
class SentCode:
    customer_id: int
    code: str
    purpose: str


@dataclass
class RecordingCodeSender:
    """Keeps every code it is asked to send, for tests."""

    sent: list[SentCode] = field(default_factory=list)

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        self.sent.append(SentCode(customer.id, code, purpose))

    def last_code(self, customer_id: int | None = None) -> str:
        for item in reversed(self.sent):
            if customer_id is None or item.customer_id == customer_id:
                return item.code
        raise LookupError("no code sent")


class LoggingCodeSender:
    """For the demo only: writes the code to the log so the person at the keyboard can use it."""

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        logger.warning(
            "DEMO one-time code for customer %s (phone %s), purpose %s: %s",
            customer.id,
            last_four(customer.phone),
            purpose,
            code,
        )
