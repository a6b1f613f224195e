"""Telegram: a webhook checked by its secret-token header, updates parsed by
python-telegram-bot, answers through its async `Bot` (base URL configurable for tests).

A Telegram user is linked to a bank customer once, with `/link` and `/code`
(`channels/telegram_linking.py`). Until then the chat is anonymous (no account data).
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from channels import texts
from channels.base import BACKEND_DOWN, Button, ChannelAdapter, Contact, read_capped
from channels.inbound import InboundChannel, InboundServices
from channels.rate_limits import RateLimited, tell_refusal
from channels.router import Sender
from channels.safe_json import UnreadableJson, read_json
from channels.settings import TelegramSettings
from channels.store import GatewayStore
from channels.telegram_linking import TelegramLinking

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
MAX_TEXT = 4096  # Telegram's own limit for one message
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


class TelegramSender(ChannelAdapter):
    """Telegram out, through python-telegram-bot's async `Bot` (the inbound half parses with it)."""

    name = "telegram"

    def __init__(self, settings: TelegramSettings, store: GatewayStore) -> None:
        self._store = store
        kwargs: dict[str, Any] = {}
        if settings.api_base:
            kwargs["base_url"] = settings.api_base
        self.bot = Bot(settings.bot_token, **kwargs)

    async def start(self) -> None:
        await self.bot.initialize()

    async def close(self) -> None:
        await self.bot.shutdown()

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

    async def deliver(self, contact: Contact, text: str, buttons: list[Button] | None = None) -> bool:
        """To the chat whose id is the address (a private chat's id is the user's)."""
        await self.send(contact.address, text, buttons)
        return True


class TelegramChannel(InboundChannel):
    """Telegram in: the webhook, the gateway's own commands, and the conversation."""

    def __init__(
        self,
        settings: TelegramSettings,
        services: InboundServices,
        linking: TelegramLinking,
        out: TelegramSender,
    ) -> None:
        super().__init__(services)
        self._settings = settings
        self._linking = linking
        self._out = out

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
            update = Update.de_json(data, self._out.bot)
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
        out = self._out
        if update.callback_query is not None:
            query = update.callback_query
            await out.bot.answer_callback_query(query.id)
            text = await self._payload_of(chat_id, query.data or "")
            if not text:
                return
        elif update.effective_message is not None and update.effective_message.text is not None:
            text = update.effective_message.text
        else:
            if update.effective_message is not None:
                await out.send_text(chat_id, texts.TELEGRAM_TEXT_ONLY)
            return
        if len(text) > self._max_chars:
            await out.send_text(chat_id, texts.TOO_LONG)
            return
        command, _, argument = text.strip().partition(" ")
        command = command.split("@", 1)[0].lower()
        if command in ("/start", "/help", "/link", "/code"):  # answered here, not by the bot
            try:
                await self._router.admit_unrouted(Sender("telegram", None, str(user.id)))
            except RateLimited as limited:
                await tell_refusal(out, chat_id, limited)
                return

        async def say(answer: str) -> None:
            await out.send_text(chat_id, answer)

        if command in ("/start", "/help"):
            await say(texts.TELEGRAM_WELCOME)
            return
        if command == "/link":
            await self._linking.link(user.id, argument.strip(), say)
            return
        if command == "/code":
            await self._linking.code(user.id, argument.strip(), say)
            return
        customer = await run_in_threadpool(self._directory.by_telegram_user, user.id)
        sender = Sender(
            channel="telegram",
            customer_id=customer.id if customer else None,
            channel_user=str(user.id),
        )
        try:
            replies = await self._router.replies(sender, text, pressed=update.callback_query is not None)
        except BACKEND_DOWN:
            await say(texts.BOT_UNAVAILABLE)
            return
        except RateLimited as limited:
            await tell_refusal(out, chat_id, limited)
            return
        await out.send_replies(chat_id, replies)

    async def _payload_of(self, chat_id: str, data: str) -> str:
        if not data.startswith("#"):
            return data
        offered = await run_in_threadpool(self._store.offered, "telegram", chat_id)
        index = data[1:]
        if index.isdigit() and int(index) < len(offered):
            return offered[int(index)]["payload"]
        return ""
