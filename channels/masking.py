"""Customer data in the gateway's logs: phone, card and account numbers keep only their last
four digits. A handler filter, so that every `channels.*` logger goes through it."""

from __future__ import annotations

import logging
import re

# Seven or more digits, possibly grouped by spaces, dashes or dots, possibly after a '+'.
_LONG_NUMBER = re.compile(r"\+?\d(?:[ \-.]?\d){6,}")


def mask_numbers(text: str) -> str:
    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return "•••" + digits[-4:]

    return _LONG_NUMBER.sub(_mask, text)


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_gateway_logging(level: int = logging.INFO) -> None:
    """One masked handler on the `channels` logger (idempotent, for app factories run twice)."""
    logger = logging.getLogger("channels")
    if any(isinstance(f, MaskingFilter) for h in logger.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
