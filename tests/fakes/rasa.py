"""A fake of Rasa's REST webhook for the gateway's tests (tests only): records what it was asked,
answers "you said <text>" (with buttons, when given some) and, to "human", a colleague's words
and a handoff, which the real dialogue is not asked to do on cue."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

CHECKING, SAVINGS = '/inform{"account": "1201"}', '/inform{"account": "1302"}'
LONG_PAYLOAD = '/inform{"payee": "' + "x" * 80 + '"}'  # longer than Telegram's 64-byte callback data
ACCOUNT_BUTTONS = (
    {"title": "Checking", "payload": CHECKING},
    {"title": "Savings", "payload": SAVINGS},
    {"title": "Long", "payload": LONG_PAYLOAD},
)
COLLEAGUE = "A colleague will take over."


class FakeRasa:
    def __init__(self, buttons: tuple[dict, ...] = (), handoff_reason: str = "requested") -> None:
        self.buttons = buttons
        self.handoff_reason = handoff_reason
        self.received: list[dict] = []  # the bodies Rasa was asked, in order

    def app(self) -> Starlette:
        async def webhook(request: Request) -> JSONResponse:
            body = await request.json()
            self.received.append(body)
            sender, text = body["sender"], body["message"]
            if text == "human":
                return JSONResponse(
                    [
                        {"recipient_id": sender, "text": COLLEAGUE},
                        {"recipient_id": sender, "custom": {"handoff": {"reason": self.handoff_reason}}},
                    ]
                )
            answer = {"recipient_id": sender, "text": f"you said {text}"}
            if self.buttons:
                answer["buttons"] = list(self.buttons)
            return JSONResponse([answer])

        return Starlette(routes=[Route("/webhooks/rest/webhook", webhook, methods=["POST"])])
