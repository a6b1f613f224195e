"""Linking a Telegram user to a bank customer, once: `/link <registered phone>` texts a one-time
code to that phone, `/code <code>` proves it. The Telegram transport parses the commands and sends
what `say` is given; the answers and the work behind them are here.

A stranger must learn nothing about which numbers are customers': every `/link` gets the same
answer before any work is done, and a number that is not a customer's (or was refused a code)
gets a decoy request that `/code` answers as it would a real one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool

from banking_backend.domain.errors import CodeExpired, CodeInvalid, CodeLocked, TelegramAlreadyLinked
from channels import texts
from channels.ports import CodeSender, CustomerDirectory
from channels.store import GatewayStore, PendingLink

logger = logging.getLogger(__name__)

Say = Callable[[str], Awaitable[None]]


class TelegramLinking:
    def __init__(
        self, directory: CustomerDirectory, store: GatewayStore, code_sender: CodeSender | None
    ) -> None:
        self._directory = directory
        self._store = store
        self._code_sender = code_sender

    async def link(self, telegram_user_id: int, phone: str, say: Say) -> None:
        if not phone:
            await say(texts.TELEGRAM_LINK_USAGE)
            return
        if self._code_sender is None:
            await say(texts.TELEGRAM_LINK_UNAVAILABLE)
            return
        # The same answer in every case, sent before any work: the chat must learn neither from
        # the words nor from the time they take (texting a code does) which numbers are customers'.
        await say(texts.TELEGRAM_CODE_SENT)
        customer_id = await run_in_threadpool(
            self._issue_link_code, telegram_user_id, phone, self._code_sender
        )
        # A number that is not a customer's, or that was refused a code, gets a decoy request:
        # `/code` then answers it as it would a customer's.
        await run_in_threadpool(self._store.request_telegram_link, telegram_user_id, customer_id)

    def _issue_link_code(self, telegram_user_id: int, phone: str, sender: CodeSender) -> int | None:
        """The customer a code was texted to, or None."""
        customer = self._directory.by_phone(phone)
        if customer is None:
            logger.info("Telegram link asked for unknown number %s", phone)
            return None
        if not self._directory.send_link_code(customer.id, sender):
            logger.info(
                "Telegram user %s asked to link customer %s: too many codes, none sent",
                telegram_user_id,
                customer.id,
            )
            return None
        logger.info("Telegram user %s asked to link customer %s", telegram_user_id, customer.id)
        return customer.id

    async def code(self, telegram_user_id: int, code: str, say: Say) -> None:
        if not code:
            await say(texts.TELEGRAM_CODE_USAGE)
            return
        pending = await run_in_threadpool(self._store.pending_telegram_link, telegram_user_id)
        if pending is None:
            await say(texts.TELEGRAM_NO_LINK_PENDING)
            return
        if pending.customer_id is None:
            await say(await run_in_threadpool(self._guess_at_decoy, telegram_user_id, code, pending))
            return
        customer_id = pending.customer_id
        try:
            await run_in_threadpool(self._directory.link_telegram, customer_id, telegram_user_id, code)
        except CodeInvalid as exc:
            await say(texts.TELEGRAM_CODE_WRONG.format(left=exc.attempts_left))
            return
        except (CodeExpired, CodeLocked):
            await run_in_threadpool(self._store.forget_telegram_link, telegram_user_id)
            await say(texts.TELEGRAM_CODE_EXPIRED)
            return
        except TelegramAlreadyLinked:
            await say(texts.TELEGRAM_ALREADY_LINKED_ELSEWHERE)
            return
        await run_in_threadpool(self._store.forget_telegram_link, telegram_user_id)
        logger.info("Telegram user %s linked to customer %s", telegram_user_id, customer_id)
        await say(texts.TELEGRAM_LINKED)

    def _guess_at_decoy(self, telegram_user_id: int, code: str, pending: PendingLink) -> str:
        """The answer a wrong code would get: same work, same attempts, same lifetime; never a match."""
        self._directory.check_without_code(code)
        guesses = self._store.count_telegram_link_guess(telegram_user_id)
        left = self._directory.code_attempts - guesses
        if left <= 0 or datetime.now(UTC) >= pending.requested_at + self._directory.code_lifetime:
            self._store.forget_telegram_link(telegram_user_id)
            return texts.TELEGRAM_CODE_EXPIRED
        return texts.TELEGRAM_CODE_WRONG.format(left=left)
