"""HandoffDesk: the one object the gateway's router and the console talk to.

The queue's functions are synchronous (SQLAlchemy); the desk runs them in a worker thread so
that nothing blocks the event loop, tells open console pages about changes, keeps the queue
gauge current, and answers the customer in their language.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from contact_centre import queue, wording
from contact_centre.bank import BankLookup
from contact_centre.delivery import BotResumer, Deliverer, DeliveryFailed
from contact_centre.domain import REASONS, WAITING, HandoffView, NoteView, TurnView
from contact_centre.live import ChangeFeed
from contact_centre.metrics import ServiceMetrics
from contact_centre.unit_of_work import CentreUnitOfWork

logger = logging.getLogger(__name__)
T = TypeVar("T")
Answer = dict[str, Any]


def waiting_message(position: int | None, language: str = "en") -> str:
    if position is None:
        return wording.text("with_agent", language)
    return wording.text("waiting", language, position=position)


class HandoffDesk:
    def __init__(
        self,
        uow: CentreUnitOfWork,
        deliverer: Deliverer,
        resumer: BotResumer,
        *,
        bank: BankLookup | None = None,
        changes: ChangeFeed | None = None,
        metrics: ServiceMetrics | None = None,
    ) -> None:
        self.uow = uow
        self.deliverer = deliverer
        self.resumer = resumer
        self.bank = bank
        self.changes = changes or ChangeFeed()
        self.metrics = metrics or ServiceMetrics()

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    async def _changed(self) -> None:
        self.metrics.queue_length.set(await self._run(queue.queue_length, self.uow))
        self.changes.notify()

    def _language(self, customer_id: int | None, language: str | None) -> str:
        if language:
            return language
        if customer_id is not None and self.bank is not None:
            profile = self.bank.profile(customer_id)
            if profile is not None:
                return profile.language
        return "en"

    def _vulnerable(self, customer_id: int | None) -> bool:
        if customer_id is None or self.bank is None:
            return False
        profile = self.bank.profile(customer_id)
        return bool(profile and profile.vulnerable)

    # --- the gateway's router -------------------------------------------------------------

    async def on_bot_handoff(
        self,
        conversation_id: str,
        customer_id: int | None,
        channel: str,
        reason: str,
        *,
        language: str | None = None,
    ) -> list[Answer]:
        """The bot asked for a human: queue the conversation (once) and say where they stand.
        A reason the queue does not know is queued as `requested`: nobody is left stranded."""
        if reason not in REASONS:
            logger.warning(
                "unknown handoff reason %r from %s, queued as 'requested'", reason, conversation_id
            )
            reason = "requested"
        vulnerable = await self._run(self._vulnerable, customer_id)
        before = await self._run(queue.open_handoff_for, self.uow, conversation_id)
        handoff = await self._run(
            lambda: queue.enqueue(
                self.uow, conversation_id, customer_id, channel, reason, vulnerable=vulnerable
            )
        )
        if before is None:
            self.metrics.handoffs.labels(reason=reason).inc()
        await self._changed()
        return await self._answer(handoff, customer_id, language)

    async def route_customer_message(
        self,
        conversation_id: str,
        customer_id: int | None,
        channel: str,
        text: str,
        *,
        language: str | None = None,
    ) -> list[Answer] | None:
        """None: the conversation is not with a human, send the message to the bot. Otherwise
        the message is kept for the agent and the answers (to send back) say where they stand:
        their place while waiting, nothing once an agent has it."""
        handoff = await self._run(queue.open_handoff_for, self.uow, conversation_id)
        if handoff is None:
            return None
        await self._run(queue.record_customer_message, self.uow, conversation_id, channel, text)
        await self._changed()
        if handoff.state != WAITING:
            return []
        return await self._answer(handoff, customer_id, language)

    async def _answer(
        self, handoff: HandoffView, customer_id: int | None, language: str | None
    ) -> list[Answer]:
        lang = await self._run(self._language, customer_id, language)
        if handoff.state == WAITING:
            position = await self._run(queue.position_in_queue, self.uow, handoff.conversation_id)
        else:
            position = None
        return [{"text": waiting_message(position, lang)}]

    # --- the console ----------------------------------------------------------------------

    async def claim(self, handoff_id: int, agent_id: int) -> HandoffView:
        result = await self._run(queue.claim, self.uow, handoff_id, agent_id)
        await self._changed()
        return result

    async def reassign(self, handoff_id: int, actor_id: int, to_agent_id: int) -> HandoffView:
        result = await self._run(queue.reassign, self.uow, handoff_id, actor_id, to_agent_id)
        await self._changed()
        return result

    async def add_note(self, handoff_id: int, agent_id: int, text: str) -> NoteView:
        result = await self._run(queue.add_note, self.uow, handoff_id, agent_id, text)
        self.changes.notify()
        return result

    async def reply(self, handoff_id: int, agent_id: int, text: str) -> TurnView:
        """Record the agent's reply and deliver it on the customer's current channel. When the
        channel fails, the reply stays in the transcript, a note says so, and DeliveryFailed rises."""
        turn = await self._run(queue.record_agent_reply, self.uow, handoff_id, agent_id, text)
        handoff = await self._run(queue.get_handoff, self.uow, handoff_id)
        try:
            await self.deliverer.deliver(
                handoff.conversation_id, handoff.customer_id, turn.channel, text.strip()
            )
        except Exception as exc:
            self.metrics.errors.labels(component="delivery").inc()
            logger.warning("reply %s on %s not delivered: %s", turn.id, turn.channel, type(exc).__name__)
            await self._run(
                queue.add_note, self.uow, handoff_id, agent_id, f"Reply not delivered on {turn.channel}."
            )
            self.changes.notify()
            raise DeliveryFailed(str(exc) or type(exc).__name__) from exc
        self.metrics.messages.labels(channel=turn.channel, direction="out").inc()
        self.changes.notify()
        return turn

    async def resolve(self, handoff_id: int, agent_id: int) -> HandoffView:
        """Close the handoff as resolved. The customer's next message goes to the bot (routing
        follows the queue), so the bot's conversation is resumed too: a tracker left paused in
        Rasa would log that message and answer nothing. A failed resume is logged and counted;
        the resolution stands."""
        result = await self._run(queue.resolve, self.uow, handoff_id, agent_id)
        await self._changed()
        try:
            await self.resumer.resume(result.conversation_id)
        except Exception:
            self.metrics.errors.labels(component="resume").inc()
            logger.exception("resuming %s after its resolution failed", result.conversation_id)
        return result

    async def return_to_bot(self, handoff_id: int, agent_id: int) -> HandoffView:
        """Close the handoff, then have the bot take the conversation back. Once closed, the
        router sends the customer's messages to the bot whatever the resumer did; a failed
        resume is logged and counted for the operators."""
        result = await self._run(queue.return_to_bot, self.uow, handoff_id, agent_id)
        await self._changed()
        try:
            await self.resumer.resume(result.conversation_id)
        except Exception:
            self.metrics.errors.labels(component="resume").inc()
            logger.exception("resuming %s failed", result.conversation_id)
            raise
        return result
