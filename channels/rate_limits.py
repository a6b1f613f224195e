"""Rate limits on what reaches the bot and the handoff queue, for every channel.

One flooding client must not starve the bot, nor fill the human queue: each message is counted
per conversation (a customer's, on every channel; an anonymous contact's), per contact (the
channel's own id: REST sender, web visitor, phone number, Telegram chat) and per client address
(REST and the web socket; SMS and Telegram come from the vendors' servers), and a handoff of an
anonymous contact per client address (else per contact) and overall. Moving windows, from the
`limits` library; the counts live in Redis when REDIS_URL is set (every gateway shares them),
else in this process's memory.

A refusal is `RateLimited`, with the seconds until a new attempt can pass; the adapters turn it
into 429 + Retry-After (REST) or a polite text (`channels.texts.RATE_LIMITED`). A storage that
fails (Redis down) lets the message through: limits protect the service, they must not stop it.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from channels import texts

logger = logging.getLogger(__name__)

# Defaults: a person types well under a message every two seconds; a household or office behind
# one address rarely needs a person twice within ten minutes without signing in.
DEFAULTS = {
    "BANKBOT_RATE_PER_CONVERSATION": "30/minute",
    "BANKBOT_RATE_PER_CONTACT": "30/minute",
    "BANKBOT_RATE_PER_ADDRESS": "60/minute",
    "BANKBOT_RATE_ANON_HANDOFFS_PER_ADDRESS": "1 per 10 minutes",
    "BANKBOT_RATE_ANON_HANDOFFS": "30/hour",
}

# A contact past a limit is told so at most this often (an SMS flood is not answered by a flood).
NOTICE = parse("1/minute")


@dataclass(frozen=True)
class RateLimitSettings:
    per_conversation: str = DEFAULTS["BANKBOT_RATE_PER_CONVERSATION"]
    per_contact: str = DEFAULTS["BANKBOT_RATE_PER_CONTACT"]
    per_address: str = DEFAULTS["BANKBOT_RATE_PER_ADDRESS"]
    anonymous_handoffs_per_address: str = DEFAULTS["BANKBOT_RATE_ANON_HANDOFFS_PER_ADDRESS"]
    anonymous_handoffs: str = DEFAULTS["BANKBOT_RATE_ANON_HANDOFFS"]

    @classmethod
    def from_env(cls, env: dict[str, str]) -> RateLimitSettings:
        values = [env.get(name) or default for name, default in DEFAULTS.items()]
        for (name, _), value in zip(DEFAULTS.items(), values, strict=True):
            try:
                parse(value)
            except ValueError as exc:
                raise ValueError(f"{name}={value!r} is not a rate such as '30/minute': {exc}") from None
        return cls(*values)


class RateLimited(Exception):
    """Refused: `retry_after` seconds until an attempt can pass. `handoff`: the refusal was of a
    handoff (the message itself reached the bot). `tell`: the first refusal of this contact
    in the window, for channels that should not answer a flood with a flood (SMS)."""

    def __init__(self, what: str, retry_after: int, *, handoff: bool = False, tell: bool = True) -> None:
        super().__init__(f"rate limit reached: {what}; retry after {retry_after} s")
        self.what = what
        self.retry_after = retry_after
        self.handoff = handoff
        self.tell = tell


def refusal_text(limited: RateLimited) -> str:
    """The polite words for the contact, in English and Chinese (the gateway's own style)."""
    wait = limited.retry_after
    when = f"{math.ceil(wait / 60)} min" if wait >= 120 else f"{wait} s"
    template = texts.HANDOFF_LIMITED if limited.handoff else texts.RATE_LIMITED
    return template.format(wait=when)


class TextSender(Protocol):
    async def send_text(self, contact: str, text: str) -> None: ...


async def tell_refusal(channel: TextSender, contact: str, limited: RateLimited) -> None:
    """Say so on a channel that pays per message (SMS, Telegram): only the first refusal of the
    window is answered, so that a flood is not answered by a flood of ours."""
    if limited.tell:
        await channel.send_text(contact, refusal_text(limited))


class RateLimiter:
    """The gateway's one limiter; `redis_url` None keeps the counts in memory (one gateway)."""

    def __init__(
        self, settings: RateLimitSettings | None = None, redis_url: str | None = None, prefix: str = "bankbot"
    ) -> None:
        self.settings = settings or RateLimitSettings()
        storage: Storage
        if redis_url:
            storage = RedisStorage(
                f"async+{redis_url}", implementation="redispy", key_prefix=f"{prefix}:rate"
            )
        else:
            storage = MemoryStorage()
        self._window = MovingWindowRateLimiter(storage)
        s = self.settings
        self._per_conversation = parse(s.per_conversation)
        self._per_contact = parse(s.per_contact)
        self._per_address = parse(s.per_address)
        self._anon_handoffs_per_address = parse(s.anonymous_handoffs_per_address)
        self._anon_handoffs = parse(s.anonymous_handoffs)

    async def check_message(
        self, conversation_id: str, channel: str, contact: str, address: str | None
    ) -> None:
        """Count one message; RateLimited when any of its limits is reached."""
        counted = [
            ("conversation", self._per_conversation, conversation_id),
            ("contact", self._per_contact, f"{channel}:{contact}"),
        ]
        if address:
            counted.append(("address", self._per_address, address))
        # Counted at once (one round trip to Redis, not three); all count even when one refuses.
        await self._hit(counted, notice_key=f"{channel}:{contact}", at_once=True)

    async def check_anonymous_handoff(self, channel: str, contact: str, address: str | None) -> None:
        """Count one handoff of an anonymous contact: per address (else per contact) and overall."""
        source = f"address:{address}" if address else f"contact:{channel}:{contact}"
        counted = [
            ("anonymous handoffs from " + source.split(":", 1)[0], self._anon_handoffs_per_address, source),
            ("anonymous handoffs", self._anon_handoffs, "all"),
        ]
        # In turn: a flooding address refused by its own limit must not use up everyone's.
        await self._hit(counted, handoff=True)

    async def _hit(
        self,
        counted: list[tuple[str, RateLimitItem, str]],
        *,
        handoff: bool = False,
        notice_key: str | None = None,
        at_once: bool = False,
    ) -> None:
        try:
            if at_once:
                passed = await asyncio.gather(
                    *(self._window.hit(item, what, key) for what, item, key in counted)
                )
            else:
                passed = []
                for what, item, key in counted:
                    passed.append(await self._window.hit(item, what, key))
                    if not passed[-1]:
                        break
            for (what, item, key), ok in zip(counted, passed, strict=False):
                if not ok:
                    reset, _ = await self._window.get_window_stats(item, what, key)
                    wait = max(1, math.ceil(reset - time.time()))
                    tell = True
                    if notice_key is not None:
                        tell = await self._window.hit(NOTICE, "notice", notice_key)
                    logger.info("rate limit reached (%s %s): refused for %s s", what, key, wait)
                    raise RateLimited(what, wait, handoff=handoff, tell=tell)
        except RateLimited:
            raise
        except Exception as exc:  # the storage failed: let the message through, say so
            logger.warning("rate limits not checked (%s): %s", type(exc).__name__, exc)
