"""How the action server delivers one-time codes until the channels provide SMS delivery.

The code is never logged. In demo mode only (`BANKBOT_DEMO` not "0") it is
also written to `<BANKBOT_DEMO_CODES_DIR>/<customer id>.txt` (default `var/demo_codes/`), so
the person at the keyboard, and the end-to-end tests, can read it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from banking_backend.domain.views import CustomerView
from kernel.masking import last_four

logger = logging.getLogger(__name__)


def demo_mode() -> bool:
    return os.environ.get("BANKBOT_DEMO", "1") != "0"


def demo_codes_dir() -> Path:
    return Path(os.environ.get("BANKBOT_DEMO_CODES_DIR", "var/demo_codes"))


class DemoFileCodeSender:
    """A CodeSender (see banking_backend.code_senders) for the demo stack."""

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        phone = last_four(customer.phone)
        logger.info("one-time code sent to customer %s (phone %s), purpose %s", customer.id, phone, purpose)
        if not demo_mode():
            return
        folder = demo_codes_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{customer.id}.txt"
        path.write_text(f"{purpose} {code}\n")
        path.chmod(0o600)


def read_demo_code(customer_id: int, folder: Path | None = None) -> str:
    """The last code sent to the customer in demo mode (tests and `bankbot chat` helpers)."""
    line = ((folder or demo_codes_dir()) / f"{customer_id}.txt").read_text().split()
    return line[-1]


def code_sender() -> DemoFileCodeSender:
    return DemoFileCodeSender()
