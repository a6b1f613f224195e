"""How one-time codes reach the customer: each process gives the bank a CodeSender. The real one
sends an SMS (the action server's actions/code_delivery.py, the gateway's channels/code_delivery.py);
here are the one rule that picks the sender (`choose_code_sender`), the demo's file and a recorder
for tests. No sender logs a digit of a code: logs are read by more people than the customer."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from banking_backend.domain.views import CustomerView
from kernel import deployment_secrets
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


def demo_codes_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("BANKBOT_DEMO_CODES_DIR", "var/demo_codes"))


class DemoFileCodeSender:
    """The demo's delivery: the code goes to `<BANKBOT_DEMO_CODES_DIR>/<customer id>.txt` (default
    var/demo_codes/), readable only by the stack's user, for the person at the keyboard and the
    end-to-end tests. Writes nothing outside demo mode."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        if not deployment_secrets.demo_mode():
            logger.error("demo code file refused outside demo mode; no code sent for %s", purpose)
            return
        folder = self._folder or demo_codes_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{customer.id}.txt"
        # One line per purpose, the newest last: a phone change sends two codes at once (to the
        # old number and to the new), and both must stay readable.
        earlier = path.read_text().splitlines() if path.exists() else []
        kept = [line for line in earlier if line.split(" ")[0] != purpose]
        path.write_text("".join(f"{line}\n" for line in [*kept, f"{purpose} {code}"]))
        path.chmod(0o600)
        logger.info(
            "DEMO one-time code for customer %s (phone %s), purpose %s: written to %s",
            customer.id,
            last_four(customer.phone),
            purpose,
            path,
        )


class CodeNotDelivered(RuntimeError):
    """The carrier did not take the code (Twilio or Telegram down, the number opted out ...)."""


class AlsoToLinkedChat:
    """Codes go the primary way (SMS, or the demo file), and a copy to the customer's linked
    Telegram chat when there is one: the bank's choice (BANKBOT_CODES_TO_TELEGRAM=1). The copy
    failing is logged and never stops the primary."""

    def __init__(self, primary: CodeSender, chat: CodeSender) -> None:
        self._primary = primary
        self._chat = chat

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        self._primary.send_code(customer, code, purpose)
        if customer.telegram_id is None:
            return
        try:
            self._chat.send_code(customer, code, purpose)
        except CodeNotDelivered:
            logger.warning("one-time code for customer %s (%s) not sent to Telegram", customer.id, purpose)


def choose_code_sender(
    sms: CodeSender | None, env: Mapping[str, str] | None = None, linked_chat: CodeSender | None = None
) -> CodeSender | None:
    """The one rule for where codes go: by SMS when the bank has an SMS gateway (Twilio); in demo
    mode without one, to the demo file; else nowhere (None), which the caller must refuse. With
    BANKBOT_CODES_TO_TELEGRAM=1 and a `linked_chat` sender, also to the customer's linked chat."""
    env = os.environ if env is None else env
    chosen: CodeSender | None = sms
    if chosen is None and deployment_secrets.demo_mode(env):
        chosen = DemoFileCodeSender()
    if chosen is not None and linked_chat is not None and env.get("BANKBOT_CODES_TO_TELEGRAM") == "1":
        return AlsoToLinkedChat(chosen, linked_chat)
    return chosen
