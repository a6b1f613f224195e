"""One conversation router for every channel.

It turns a channel's verified sender into the conversation id (the customer's own, so the
dialogue follows them across channels), signs the identity for the actions, asks Rasa,
and returns the answers in the customer's script. A handoff request from the bot
(`{"custom": {"handoff": {...}}}`) never reaches the customer: it goes to `on_handoff` hooks.
"""

from __future__ import annotations

import inspect
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool

from channels import texts
from channels.base import Button, Reply
from channels.ports import Desk, GatewayMetrics, Outbox, Pauser
from channels.rasa_client import RasaClient, RasaUnavailable, answered_by
from channels.rate_limits import RateLimited, RateLimiter
from channels.rendering import to_traditional, writes_traditional
from kernel.identity import anonymous_conversation_id, conversation_id_for, sign_identity

logger = logging.getLogger(__name__)


# The intents of the bot's own buttons (actions/presenting.py `entity_button`).
_BUTTON_PAYLOAD = re.compile(r"/(affirm|deny|inform)(\{.*\})?", re.DOTALL)


def for_rasa(text: str, pressed: bool) -> str:
    """The message as Rasa should read it. Rasa takes a message that starts with "/" as an intent
    with entities and skips the NLU: that syntax is kept for the payloads of the bot's own buttons
    (`/affirm`, `/inform{"card": "4821"}`); typed text and any other payload (`/restart`, a
    Telegram user's `/balance`) reach the NLU as words."""
    if pressed and _BUTTON_PAYLOAD.fullmatch(text):
        return text
    return text.lstrip().lstrip("/") or "?"


@dataclass(frozen=True)
class Sender:
    """Who wrote, as far as the channel could verify: a bank customer or an anonymous contact."""

    channel: str
    customer_id: int | None
    channel_user: str  # the channel's own id for the contact (session, phone, chat id)
    # The client's IP where the channel sees the person's own (REST, the web socket): what rate
    # limits count besides the contact; None where requests come from a vendor (SMS, Telegram).
    address: str | None = field(default=None, compare=False)

    @property
    def conversation_id(self) -> str:
        if self.customer_id is not None:
            return conversation_id_for(self.customer_id)
        return anonymous_conversation_id(self.channel, self.channel_user)


@dataclass(frozen=True)
class Handoff:
    sender: Sender
    reason: str
    details: dict[str, Any]


HandoffHook = Callable[[Handoff], Awaitable[None] | None]


class ScriptMemory(Protocol):
    def note(self, conversation_id: str, traditional: bool | None) -> bool: ...


class InMemoryScripts:
    """One process's memory of the conversations written in traditional characters; the gateway
    uses `channels.store.StoredScripts`, which every gateway instance shares."""

    def __init__(self) -> None:
        self._traditional: set[str] = set()

    def note(self, conversation_id: str, traditional: bool | None) -> bool:
        if traditional:
            self._traditional.add(conversation_id)
        elif traditional is False:
            self._traditional.discard(conversation_id)
        return conversation_id in self._traditional


class ConversationRouter:
    def __init__(
        self,
        rasa: RasaClient,
        desk: Desk | None = None,
        pauser: Pauser | None = None,
        outbox: Outbox | None = None,
        metrics: GatewayMetrics | None = None,
        scripts: ScriptMemory | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self._rasa = rasa
        # Every message and every anonymous handoff is counted here, whatever the channel:
        # RateLimited rises to the adapter, which says so in the channel's way.
        self.limiter = limiter or RateLimiter()
        self.metrics = metrics
        # The contact centre (contact_centre.desk.HandoffDesk): while a conversation is with a
        # person, the customer's messages go to the agent, not to the bot. None: no handoffs.
        self._desk = desk
        self._pauser = pauser
        self._outbox = outbox
        # Last script seen per conversation, so "500" after "轉賬" is still answered in traditional.
        self.scripts = scripts or InMemoryScripts()
        # Called when the bot asks for a human; the human-queue work registers here.
        self.on_handoff: list[HandoffHook] = []

    async def handle(self, sender: Sender, text: str, pressed: bool = False) -> list[dict[str, Any]]:
        """`pressed`: `text` is the payload of a button the bot offered, not typed words.
        Raises `channels.rate_limits.RateLimited` past a rate limit (nothing reached the bot), or
        when an anonymous contact's handoff is refused (the bot had answered)."""
        await self.admit_unrouted(sender)
        if self.metrics is None:
            return await self._handle(sender, text, pressed)
        self.metrics.messages.labels(channel=sender.channel, direction="in").inc()
        started = time.perf_counter()
        try:
            answers = await self._handle(sender, text, pressed)
        except Exception:
            self.metrics.errors.labels(component=sender.channel).inc()
            raise
        self.metrics.latency.labels(channel=sender.channel).observe(time.perf_counter() - started)
        self.metrics.messages.labels(channel=sender.channel, direction="out").inc(len(answers))
        return answers

    async def admit_unrouted(self, sender: Sender) -> None:
        """Count a message the adapter answers itself (SMS HELP, an unknown number, Telegram's
        /start and linking): it never reaches `handle`, but its answer costs us as much. Raises
        RateLimited like `handle`."""
        try:
            await self.limiter.check_message(
                sender.conversation_id, sender.channel, sender.channel_user, sender.address
            )
        except RateLimited as limited:
            self._count_refusal(sender, limited)
            raise

    def _count_refusal(self, sender: Sender, limited: RateLimited) -> None:
        if self.metrics is not None:
            self.metrics.rate_limited.labels(channel=sender.channel, limit=limited.what).inc()

    async def _handle(self, sender: Sender, text: str, pressed: bool) -> list[dict[str, Any]]:
        conversation_id = sender.conversation_id
        traditional = await run_in_threadpool(self.scripts.note, conversation_id, writes_traditional(text))
        # Agents' replies the customer's channel could not take at the time come first.
        pending = await run_in_threadpool(self._outbox.take, conversation_id) if self._outbox else []
        try:
            with_agent = None
            if self._desk is not None:
                with_agent = await self._desk.route_customer_message(
                    conversation_id, sender.customer_id, sender.channel, text
                )
            answers = pending + (
                with_agent if with_agent is not None else await self._ask_bot(sender, for_rasa(text, pressed))
            )
        except Exception:
            for answer in pending:  # not shown: keep them for the next message
                await run_in_threadpool(self._outbox.put, conversation_id, answer["text"])
            raise
        if traditional:
            answers = to_traditional(answers)
        return [_public(answer) for answer in answers]

    async def _ask_bot(self, sender: Sender, text: str) -> list[dict[str, Any]]:
        conversation_id = sender.conversation_id
        # Rasa keeps the metadata in the user event: the id finds this message in the tracker.
        message_id = uuid.uuid4().hex
        metadata: dict[str, Any] = {"channel": sender.channel, "message_id": message_id}
        if sender.customer_id is not None:
            # Signed for this very text: Rasa puts it in the user event, where actions compare it.
            metadata["identity"] = sign_identity(
                sender.customer_id, sender.channel, conversation_id, text, message_id=message_id
            )
        answers = await self._rasa.send(conversation_id, text, metadata)
        if not answers:
            return await self._empty_answer(sender, text, message_id)
        public = []
        for answer in answers:
            handoff = _handoff_of(answer)
            if handoff is not None:
                public += await self._hand_off(Handoff(sender, str(handoff.get("reason", "")), handoff))
                answer = {k: v for k, v in answer.items() if k != "custom"}
                if not answer.get("text") and not answer.get("buttons"):
                    continue
            public.append(answer)
        return public

    async def _empty_answer(self, sender: Sender, text: str, message_id: str) -> list[dict[str, Any]]:
        """Rasa's REST channel answers 200 and nothing both when an action call, the tracker store or
        the lock store failed (an outage: RasaUnavailable, "try again") and when the bot handled the
        message and said nothing (a defect: the customer is asked to say it again). The tracker
        tells them apart (`RasaClient.silent_turn`); no tracker counts as an outage."""
        conversation_id = sender.conversation_id
        slots = await self._rasa.silent_turn(conversation_id, message_id, answered_by.get())
        if slots is None:
            raise RasaUnavailable("Rasa answered nothing: see its log (action server, tracker or lock store)")
        logger.warning("bot defect: Rasa answered nothing to message %s in %s", message_id, conversation_id)
        if self.metrics is not None:
            self.metrics.empty_answers.labels(channel=sender.channel).inc()
        # The conversation's language as the bot detected it (bot.components.language_detector;
        # traditional script is converted by the caller), else what the text shows, else both.
        language = slots.get("language") if slots.get("language") in ("en", "zh") else None
        if language is None and writes_traditional(text) is not None:
            language = "zh"
        return [{"text": texts.text("lost_track", language) if language else texts.LOST_TRACK}]

    async def replies(self, sender: Sender, text: str, pressed: bool = False) -> list[Reply]:
        """The answers as channel-neutral replies (text and buttons; other payloads dropped)."""
        return to_replies(await self.handle(sender, text, pressed))

    async def _hand_off(self, handoff: Handoff) -> list[dict[str, Any]]:
        """Tell the hooks and the contact centre; the desk's answer (the place in the queue) is returned.
        An anonymous contact's handoff is counted first: past its limit, nothing is queued or paused."""
        sender = handoff.sender
        if sender.customer_id is None and self._desk is not None:
            try:
                await self.limiter.check_anonymous_handoff(
                    sender.channel, sender.channel_user, sender.address
                )
            except RateLimited as limited:
                self._count_refusal(sender, limited)
                raise
        logger.info(
            "handoff requested in %s (channel %s): %s",
            handoff.sender.conversation_id,
            handoff.sender.channel,
            handoff.reason or "no reason given",
        )
        for hook in list(self.on_handoff):
            try:
                result = hook(handoff)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("a handoff hook failed")
        if self._desk is None:
            return []
        if self._pauser is not None:
            try:
                await self._pauser.pause(sender.conversation_id)
            except Exception:  # the queue, not Rasa's pause, decides the routing
                logger.warning("could not pause %s in Rasa", sender.conversation_id)
        return await self._desk.on_bot_handoff(
            sender.conversation_id, sender.customer_id, sender.channel, handoff.reason
        )


def _handoff_of(answer: dict[str, Any]) -> dict[str, Any] | None:
    custom = answer.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
        return custom["handoff"]
    return None


def to_replies(answers: list[dict[str, Any]]) -> list[Reply]:
    replies = []
    for answer in answers:
        text = answer.get("text") if isinstance(answer.get("text"), str) else ""
        raw_buttons = answer.get("buttons") if isinstance(answer.get("buttons"), list) else []
        buttons = tuple(b for b in (Button.from_rasa(r) for r in raw_buttons if isinstance(r, dict)) if b)
        if text or buttons:
            replies.append(Reply(text=text, buttons=buttons))
    return replies


def _public(answer: dict[str, Any]) -> dict[str, Any]:
    """Rasa's message without its internal recipient id."""
    return {k: v for k, v in answer.items() if k != "recipient_id"}
