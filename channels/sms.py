"""SMS through Twilio: an inbound webhook, answers through Twilio's REST API.

Why the REST API and not TwiML in the webhook's response: the bot may take longer than
Twilio's 15-second webhook timeout, long answers go out as several messages, and the same
client serves outbound delivery (agents' replies, one-time codes). The webhook answers an
empty `<Response/>` at once and the conversation goes on in the background.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from channels import texts
from channels.base import (
    BACKEND_DOWN,
    Button,
    ChannelAdapter,
    Contact,
    numbered_options,
    pick_numbered,
    read_capped,
)
from channels.inbound import InboundChannel, InboundServices
from channels.rate_limits import RateLimited, tell_refusal
from channels.router import Sender
from channels.settings import TwilioSettings
from channels.sms_keywords import Keyword, keyword_of
from channels.store import GatewayStore

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signed_url(request: Request, public_url: str | None) -> str:
    """The URL Twilio signed: the public one (behind a proxy) with this request's path and query."""
    if not public_url:
        return str(request.url)
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{public_url}{request.url.path}{query}"


def verify(request: Request, body: bytes, auth_token: str, public_url: str | None) -> dict[str, str] | None:
    """The form parameters when `X-Twilio-Signature` is Twilio's for this URL and body, else None."""
    signature = request.headers.get("x-twilio-signature", "")
    if not signature:
        return None
    try:
        params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
    except UnicodeDecodeError:
        return None
    validator = RequestValidator(auth_token)
    # RequestValidator compares with hmac.compare_digest.
    if not validator.validate(signed_url(request, public_url), params, signature):
        return None
    return params


def split_segments(text: str, limit: int) -> list[str]:
    """Split at line, then word boundaries into pieces of at most `limit` characters."""
    pieces: list[str] = []
    current = ""
    for word in _words(text):
        while len(word) > limit:  # a single unbroken run longer than a segment
            if current:
                pieces.append(current.rstrip())
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        if len(current) + len(word) > limit:
            pieces.append(current.rstrip())
            current = word.lstrip(" ")
        else:
            current += word
    if current.strip():
        pieces.append(current.rstrip())
    return [p for p in pieces if p.strip()]


def _words(text: str) -> list[str]:
    """Tokens that keep their separator in front, so joining them gives the text back."""
    out: list[str] = []
    token = ""
    for ch in text:
        if ch in " \n" and token.strip():
            out.append(token)
            token = ""
        token += ch
    if token:
        out.append(token)
    return out


class SmsSender(ChannelAdapter):
    """SMS out, through Twilio's async client: answers, agents' replies, one-time codes. Never to a
    number that has opted out (STOP)."""

    name = "sms"

    def __init__(self, settings: TwilioSettings, store: GatewayStore) -> None:
        self._settings = settings
        self._store = store
        self._http: AsyncTwilioHttpClient | None = None
        self._client: Client | None = None

    async def start(self) -> None:
        """Make the async client (its aiohttp session needs the running event loop)."""
        self._http = AsyncTwilioHttpClient(timeout=15)
        self._client = Client(self._settings.account_sid, self._settings.auth_token, http_client=self._http)
        if self._settings.api_base:
            self._client.api.base_url = self._settings.api_base

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def send_text(self, contact: str, text: str) -> None:
        if self._client is None:
            raise RuntimeError("SmsSender.start() was not called")
        for segment in split_segments(text, self._settings.segment_chars):
            await self._client.messages.create_async(
                to=contact, from_=self._settings.from_number, body=segment
            )

    async def send_buttons(self, contact: str, text: str, buttons: list[Button]) -> None:
        # Numbers, never words: a "yes" or "cancel" could be taken as a carrier keyword.
        hint = texts.SMS_REPLY_WITH_NUMBER.format(numbers=texts.number_range(len(buttons)), last=len(buttons))
        await self.send_text(contact, f"{numbered_options(text, buttons)}\n{hint}")

    async def deliver(self, contact: Contact, text: str, buttons: list[Button] | None = None) -> bool:
        phone = contact.address
        if await run_in_threadpool(self._store.opted_out, phone):
            logger.info("SMS delivery to opted-out %s refused", phone)
            return False
        if buttons:
            await self.remember_buttons(phone, buttons)
        await self.send(phone, text, buttons)
        return True

    async def remember_buttons(self, phone: str, buttons: list[Button]) -> None:
        """The choices offered last, so that a reply "2" picks the second (none: forget them)."""
        await run_in_threadpool(
            self._store.remember_buttons,
            "sms",
            phone,
            [{"title": b.title, "payload": b.payload} for b in buttons],
        )


class SmsChannel(InboundChannel):
    """SMS in: the Twilio webhook, keywords, and the conversation with the bank's customers."""

    def __init__(self, settings: TwilioSettings, services: InboundServices, out: SmsSender) -> None:
        super().__init__(services)
        self._settings = settings
        self._out = out

    # --- inbound -----------------------------------------------------------------------
    async def webhook(self, request: Request) -> Response:
        body = await read_capped(request, MAX_BODY_BYTES)
        if body is None:
            return PlainTextResponse("Request body too large.", status_code=413)
        params = verify(request, body, self._settings.auth_token, self._settings.public_url)
        if params is None:
            logger.warning("SMS webhook: missing or wrong Twilio signature; refused")
            return PlainTextResponse("Forbidden: invalid Twilio signature.", status_code=403)
        sid, sender, text = params.get("MessageSid"), params.get("From"), params.get("Body")
        if not sid or not sender or text is None:
            return PlainTextResponse("MessageSid, From and Body are required.", status_code=400)
        if not await run_in_threadpool(self._store.claim, "sms", sid):
            logger.info("SMS %s already handled; replay ignored", sid)
            return _twiml()
        return _twiml(BackgroundTask(self._converse, sid, sender, text))

    async def _converse(self, sid: str, phone: str, text: str) -> None:
        try:
            await self.handle_text(phone, text)
        except Exception:
            logger.exception("SMS %s from %s could not be answered", sid, phone)

    async def handle_text(self, phone: str, text: str) -> None:
        opted_out = await run_in_threadpool(self._store.opted_out, phone)
        keyword = keyword_of(text, opted_out)
        if keyword is Keyword.OPT_OUT:
            await self._opt_out(phone)
            return
        if keyword is Keyword.OPT_IN:
            await run_in_threadpool(self._store.opt_in, phone)
            await self._out.send_text(phone, texts.SMS_RESUBSCRIBED)
            return
        if opted_out:
            logger.info("SMS from opted-out %s: not answered", phone)
            return
        if keyword is Keyword.HELP:
            await self._answer_unrouted(phone, texts.SMS_HELP)
            return
        customer = await run_in_threadpool(self._directory.by_phone, phone)
        if customer is None:
            logger.info("SMS from unknown number %s", phone)
            await self._answer_unrouted(phone, texts.SMS_UNKNOWN_NUMBER)
            return
        if len(text) > self._max_chars:
            await self._out.send_text(phone, texts.TOO_LONG)
            return
        offered = [Button(**b) for b in await run_in_threadpool(self._store.offered, "sms", phone)]
        picked = pick_numbered(text, offered)
        message = picked.payload if picked else text
        sender = Sender(channel="sms", customer_id=customer.id, channel_user=phone)
        try:
            replies = await self._router.replies(sender, message, pressed=picked is not None)
        except BACKEND_DOWN:  # a backend restarting: the customer may text again
            await self._out.send_text(phone, texts.BOT_UNAVAILABLE)
            return
        except RateLimited as limited:
            await tell_refusal(self._out, phone, limited)
            return
        await self._out.remember_buttons(
            phone, next((list(r.buttons) for r in reversed(replies) if r.buttons), [])
        )
        await self._out.send_replies(phone, replies)

    async def _opt_out(self, phone: str) -> None:
        """Record what Twilio has done (the number is on its block list) and say so. The choice
        offered last is forgotten: a "1" after START must not answer a question from before.
        With Twilio's default handling Twilio has already replied and refuses ours (21610);
        where the account handles keywords itself, ours is the reply the customer needs."""
        await run_in_threadpool(self._store.opt_out, phone)
        await self._out.remember_buttons(phone, [])
        logger.info("SMS: %s opted out", phone)
        try:
            await self._out.send_text(phone, texts.SMS_OPTED_OUT)
        except TwilioRestException as refused:
            logger.info("SMS opt-out confirmation left to Twilio (error %s)", refused.code)

    async def _answer_unrouted(self, phone: str, text: str) -> None:
        """The gateway's own answer, within the number's rate limits (a flood of texts from one
        number is not answered by a flood of ours)."""
        try:
            await self._router.admit_unrouted(Sender(channel="sms", customer_id=None, channel_user=phone))
        except RateLimited as limited:
            await tell_refusal(self._out, phone, limited)
            return
        await self._out.send_text(phone, text)


def _twiml(background: BackgroundTask | None = None) -> Response:
    return Response(EMPTY_TWIML, media_type="text/xml", background=background)
