"""Telegram: a webhook checked by its secret-token header, updates parsed by
python-telegram-bot, answers through its async `Bot` (base URL configurable for tests).

A Telegram user is linked to a bank customer once: `/link <registered phone>` texts a one-time
code to that phone, `/code <code>` proves it. Until then the chat is anonymous (no account data).
"""

from __future__ import annotations

import hmac
import logging
from datetime import UTC, datetime
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from banking_backend.code_senders import CodeSender
from banking_backend.domain.errors import (
    CodeExpired,
    CodeInvalid,
    CodeLocked,
    TelegramAlreadyLinked,
    TooManyCodes,
)
from banking_backend.domain.views import CustomerView
from banking_backend.services import customers, otp
from channels import texts
from channels.base import BACKEND_DOWN, BankUow, Button, ChannelAdapter, read_capped
from channels.rate_limits import RateLimited, refusal_text
from channels.router import ConversationRouter, Sender
from channels.safe_json import UnreadableJson, read_json
from channels.settings import TelegramSettings
from channels.store import GatewayStore, PendingLink

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
MAX_TEXT = 4096  # Telegram's own limit for one message
LINK_PURPOSE = "telegram_link"
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts


def verify(request: Request, secret: str) -> bool:
    """True when `X-Telegram-Bot-Api-Secret-Token` is our webhook secret (constant-time)."""
    given = request.headers.get("x-telegram-bot-api-secret-token", "")
    return bool(given) and hmac.compare_digest(given.encode(), secret.encode())


def callback_data(button: Button, index: int) -> str:
    """The payload itself when it fits Telegram's 64 bytes, else its index among the offered."""
    if len(button.payload.encode()) <= CALLBACK_LIMIT and not button.payload.startswith("#"):
        return button.payload
    return f"#{index}"


def keyboard(buttons: list[Button]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=callback_data(b, i))] for i, b in enumerate(buttons)]
    )


class TelegramChannel(ChannelAdapter):
    name = "telegram"

    def __init__(
        self,
        settings: TelegramSettings,
        router: ConversationRouter,
        store: GatewayStore,
        bank: BankUow,
        code_sender: CodeSender | None,
        max_chars: int,
    ) -> None:
        self._settings = settings
        self._router = router
        self._store = store
        self._bank = bank
        self._code_sender = code_sender
        self._max_chars = max_chars
        kwargs: dict[str, Any] = {}
        if settings.api_base:
            kwargs["base_url"] = settings.api_base
        self.bot = Bot(settings.bot_token, **kwargs)

    async def start(self) -> None:
        await self.bot.initialize()

    async def close(self) -> None:
        await self.bot.shutdown()

    # --- inbound -----------------------------------------------------------------------
    async def webhook(self, request: Request) -> JSONResponse:
        if not verify(request, self._settings.webhook_secret):
            logger.warning("Telegram webhook: missing or wrong secret token; refused")
            return JSONResponse({"error": "invalid secret token"}, status_code=403)
        body = await read_capped(request, MAX_BODY_BYTES)
        if body is None:
            return JSONResponse({"error": "update too large"}, status_code=413)
        try:
            data = read_json(body)
        except UnreadableJson as unreadable:
            return JSONResponse({"error": f"{unreadable} Send a JSON Update."}, status_code=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return JSONResponse({"error": "an Update needs an integer update_id"}, status_code=400)
        try:
            update = Update.de_json(data, self.bot)
        except Exception:
            return JSONResponse({"error": "not a valid Telegram Update"}, status_code=400)
        if not await run_in_threadpool(self._store.claim, "telegram", str(update.update_id)):
            logger.info("Telegram update %s already handled; replay ignored", update.update_id)
            return JSONResponse({"ok": True, "duplicate": True})
        return JSONResponse({"ok": True}, background=BackgroundTask(self._converse, update))

    async def _converse(self, update: Update) -> None:
        try:
            await self.handle_update(update)
        except Exception:
            logger.exception("Telegram update %s could not be answered", update.update_id)

    async def handle_update(self, update: Update) -> None:
        user = update.effective_user
        chat = update.effective_chat
        if user is None or chat is None:
            return  # channel posts, polls, ...: nothing for the bank assistant
        chat_id = str(chat.id)
        if update.callback_query is not None:
            query = update.callback_query
            await self.bot.answer_callback_query(query.id)
            text = await self._payload_of(chat_id, query.data or "")
            if not text:
                return
        elif update.effective_message is not None and update.effective_message.text is not None:
            text = update.effective_message.text
        else:
            if update.effective_message is not None:
                await self.send_text(chat_id, texts.TELEGRAM_TEXT_ONLY)
            return
        if len(text) > self._max_chars:
            await self.send_text(chat_id, texts.TOO_LONG)
            return
        command, _, argument = text.strip().partition(" ")
        command = command.split("@", 1)[0].lower()
        if command in ("/start", "/help", "/link", "/code"):  # answered here, not by the bot
            try:
                await self._router.admit_unrouted(Sender("telegram", None, str(user.id)))
            except RateLimited as limited:
                if limited.tell:
                    await self.send_text(chat_id, refusal_text(limited))
                return
        if command in ("/start", "/help"):
            await self.send_text(chat_id, texts.TELEGRAM_WELCOME)
            return
        if command == "/link":
            await self._link(chat_id, user.id, argument.strip())
            return
        if command == "/code":
            await self._code(chat_id, user.id, argument.strip())
            return
        customer = await run_in_threadpool(customers.find_by_telegram_id, self._bank(), user.id)
        sender = Sender(
            channel="telegram",
            customer_id=customer.id if customer else None,
            channel_user=str(user.id),
        )
        try:
            replies = await self._router.replies(sender, text, pressed=update.callback_query is not None)
        except BACKEND_DOWN:
            await self.send_text(chat_id, texts.BOT_UNAVAILABLE)
            return
        except RateLimited as limited:
            if limited.tell:
                await self.send_text(chat_id, refusal_text(limited))
            return
        await self.send_replies(chat_id, replies)

    async def _payload_of(self, chat_id: str, data: str) -> str:
        if not data.startswith("#"):
            return data
        offered = await run_in_threadpool(self._store.offered, "telegram", chat_id)
        index = data[1:]
        if index.isdigit() and int(index) < len(offered):
            return offered[int(index)]["payload"]
        return ""

    async def _link(self, chat_id: str, telegram_user_id: int, phone: str) -> None:
        if not phone:
            await self.send_text(chat_id, texts.TELEGRAM_LINK_USAGE)
            return
        if self._code_sender is None:
            await self.send_text(chat_id, texts.TELEGRAM_LINK_UNAVAILABLE)
            return
        # The same answer in every case, sent before any work: the chat must learn neither from
        # the words nor from the time they take (texting a code does) which numbers are customers'.
        await self.send_text(chat_id, texts.TELEGRAM_CODE_SENT)
        customer_id = await run_in_threadpool(self._issue_link_code, telegram_user_id, phone)
        # A number that is not a customer's, or that was refused a code, gets a decoy request:
        # `/code` then answers it as it would a customer's.
        await run_in_threadpool(self._store.request_telegram_link, telegram_user_id, customer_id)

    def _issue_link_code(self, telegram_user_id: int, phone: str) -> int | None:
        """The customer a code was texted to, or None."""
        customer = customers.find_by_phone(self._bank(), phone)
        if customer is None:
            logger.info("Telegram link asked for unknown number %s", phone)
            return None
        try:
            otp.issue_code(self._bank(), customer.id, LINK_PURPOSE, self._code_sender, "telegram")
        except TooManyCodes:
            logger.info(
                "Telegram user %s asked to link customer %s: too many codes, none sent",
                telegram_user_id,
                customer.id,
            )
            return None
        logger.info("Telegram user %s asked to link customer %s", telegram_user_id, customer.id)
        return customer.id

    async def _code(self, chat_id: str, telegram_user_id: int, code: str) -> None:
        if not code:
            await self.send_text(chat_id, texts.TELEGRAM_CODE_USAGE)
            return
        pending = await run_in_threadpool(self._store.pending_telegram_link, telegram_user_id)
        if pending is None:
            await self.send_text(chat_id, texts.TELEGRAM_NO_LINK_PENDING)
            return
        if pending.customer_id is None:
            await self.send_text(
                chat_id, await run_in_threadpool(self._guess_at_decoy, telegram_user_id, code, pending)
            )
            return
        customer_id = pending.customer_id
        try:
            await run_in_threadpool(
                otp.verify_code, self._bank(), customer_id, LINK_PURPOSE, code, "telegram"
            )
            await run_in_threadpool(
                customers.link_telegram, self._bank(), customer_id, telegram_user_id, "telegram"
            )
        except CodeInvalid as exc:
            await self.send_text(chat_id, texts.TELEGRAM_CODE_WRONG.format(left=exc.attempts_left))
            return
        except (CodeExpired, CodeLocked):
            await run_in_threadpool(self._store.forget_telegram_link, telegram_user_id)
            await self.send_text(chat_id, texts.TELEGRAM_CODE_EXPIRED)
            return
        except TelegramAlreadyLinked:
            await self.send_text(chat_id, texts.TELEGRAM_ALREADY_LINKED_ELSEWHERE)
            return
        await run_in_threadpool(self._store.forget_telegram_link, telegram_user_id)
        logger.info("Telegram user %s linked to customer %s", telegram_user_id, customer_id)
        await self.send_text(chat_id, texts.TELEGRAM_LINKED)

    def _guess_at_decoy(self, telegram_user_id: int, code: str, pending: PendingLink) -> str:
        """The answer `otp.verify_code` would give a wrong code: same work, same attempts, same
        lifetime; never a match."""
        otp.check_against_no_code(code)
        guesses = self._store.count_telegram_link_guess(telegram_user_id)
        left = otp.MAX_ATTEMPTS - guesses
        if left <= 0 or datetime.now(UTC) >= pending.requested_at + otp.CODE_TTL:
            self._store.forget_telegram_link(telegram_user_id)
            return texts.TELEGRAM_CODE_EXPIRED
        return texts.TELEGRAM_CODE_WRONG.format(left=left)

    # --- outbound ----------------------------------------------------------------------
    async def send_text(self, contact: str, text: str) -> None:
        for start in range(0, max(len(text), 1), MAX_TEXT):
            await self.bot.send_message(chat_id=int(contact), text=text[start : start + MAX_TEXT])

    async def send_buttons(self, contact: str, text: str, buttons: list[Button]) -> None:
        await run_in_threadpool(
            self._store.remember_buttons,
            "telegram",
            contact,
            [{"title": b.title, "payload": b.payload} for b in buttons],
        )
        await self.bot.send_message(
            chat_id=int(contact), text=text[:MAX_TEXT] or "…", reply_markup=keyboard(buttons)
        )

    async def deliver(self, customer_or_contact: Any, text: str, buttons: list[Button] | None = None) -> bool:
        if isinstance(customer_or_contact, CustomerView):
            if customer_or_contact.telegram_id is None:
                return False
            contact = str(customer_or_contact.telegram_id)  # a private chat's id is the user's
        else:
            contact = str(customer_or_contact)
        if buttons:
            await self.send_buttons(contact, text, buttons)
        else:
            await self.send_text(contact, text)
        return True
