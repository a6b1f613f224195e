"""The REST channel: Rasa's REST contract, behind a bearer session token.

POST /webhooks/rest/webhook {"sender": "...", "message": "..."} with
`Authorization: Bearer <token>` answers a JSON list of {"text": ..., "buttons": [...]}.
Without a token the contact is anonymous and the bot reveals no account data.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from channels.base import BACKEND_DOWN
from channels.rasa_client import answered_by
from channels.rate_limits import RateLimited, refusal_text
from channels.router import ConversationRouter, Sender
from channels.safe_json import UnreadableJson, read_json
from channels.sessions import InvalidSession, SessionTokens
from channels.texts import BOT_UNAVAILABLE, SIGN_IN_HELP

logger = logging.getLogger(__name__)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class RestChannel:
    def __init__(self, router: ConversationRouter, tokens: SessionTokens, max_chars: int) -> None:
        self._router = router
        self._tokens = tokens
        self._max_chars = max_chars

    async def webhook(self, request: Request) -> JSONResponse:
        try:
            body = read_json(await request.body())
        except UnreadableJson as unreadable:
            return _error(400, f'{unreadable} Send {{"sender": "...", "message": "..."}}.')
        if not isinstance(body, dict):
            return _error(400, "The body must be a JSON object with 'sender' and 'message'.")
        sender_name, message = body.get("sender"), body.get("message")
        # An empty message is still the customer's turn (a client sent nothing, a tap on "send"):
        # the bot answers it (the router passes it on as "?") rather than the API refusing it.
        if not isinstance(message, str):
            return _error(400, "'message' must be a string.")
        if not isinstance(sender_name, str) or not sender_name.strip() or len(sender_name) > 128:
            return _error(400, "'sender' must be a non-empty string of at most 128 characters.")
        if len(message) > self._max_chars:
            return _error(413, f"The message is too long: at most {self._max_chars} characters, please.")

        customer_id = None
        auth = request.headers.get("authorization", "")
        if auth:
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not token:
                return JSONResponse([{"text": SIGN_IN_HELP}], status_code=401)
            try:
                # In a worker thread: reading a token asks the bank whether it was signed out.
                customer_id = (await run_in_threadpool(self._tokens.read, token.strip())).customer_id
            except InvalidSession:
                return JSONResponse([{"text": SIGN_IN_HELP}], status_code=401)
            except BACKEND_DOWN as down:  # the bank's database restarting: "try again", not a 500
                logger.warning("REST session not read: %s", type(down).__name__)
                return JSONResponse([{"text": BOT_UNAVAILABLE}], status_code=503)

        address = request.client.host if request.client else None
        sender = Sender(channel="rest", customer_id=customer_id, channel_user=sender_name, address=address)
        try:
            # Rasa's REST contract: a client sends a button's payload as the message.
            answers = await self._router.handle(sender, message, pressed=True)
        except RateLimited as limited:
            return JSONResponse(
                [{"recipient_id": sender_name, "text": refusal_text(limited)}],
                status_code=429,
                headers={"Retry-After": str(limited.retry_after)},
            )
        except BACKEND_DOWN as down:
            # Rasa, the action server or a database is down or restarting: a clear "try again",
            # not a bare 500 (a client or Twilio-like caller may retry on 503).
            logger.warning("REST message not answered: %s", type(down).__name__)
            return JSONResponse([{"text": BOT_UNAVAILABLE}], status_code=503)
        for answer in answers:
            answer["recipient_id"] = sender_name
        # Which Rasa instance answered (none when an agent has the conversation): for operators.
        instance = answered_by.get()
        return JSONResponse(answers, headers={"X-Bankbot-Rasa-Instance": instance} if instance else None)
