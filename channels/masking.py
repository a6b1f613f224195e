"""The gateway's logs, masked by the house rule (kernel/masking.py): phone, card and account
numbers keep only their last four digits, whichever package of the gateway's process logs them
(channels, the contact centre's console, the bank's services, uvicorn)."""

from __future__ import annotations

import logging

from kernel.masking import mask_log_records


def configure_gateway_logging(level: int = logging.INFO) -> None:
    """One handler on the `channels` logger (idempotent, for app factories run twice)."""
    mask_log_records()
    logger = logging.getLogger("channels")
    if any(getattr(h, "name", None) == "bankbot-gateway" for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.set_name("bankbot-gateway")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
