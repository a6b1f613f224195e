"""A fake of Rasa's REST webhook for the gateway's tests (tests only): records what it was asked,
answers "you said <text>" (with buttons, when given some) and, to "human", a colleague's words
and a handoff, which the real dialogue is not asked to do on cue. Like Rasa it saves each message
as a user event in the conversation's tracker (`/conversations/{id}/tracker`, with a `language`
slot), and to SILENT it answers nothing, as Rasa does when the bot says nothing. Rasa 3.6 also
answers nothing when an action call failed (it saves the message and the action without the
action's events: ACTION_LOST) and when a store failed (it saves nothing: FAILING). With
`tracker_fails` the tracker answers 500."""

from __future__ import annotations

import re

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
SILENT, ACTION_LOST, FAILING = "🤐", "🔌", "💥"  # words of no language: the fake detects none
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


class FakeRasa:
    def __init__(self, buttons: tuple[dict, ...] = (), handoff_reason: str = "requested") -> None:
        self.buttons = buttons
        self.handoff_reason = handoff_reason
        self.received: list[dict] = []  # the bodies Rasa was asked, in order
        self.trackers: dict[str, dict] = {}  # conversation id -> {"events": [...], "slots": {...}}
        self.tracker_fails = False

    def app(self) -> Starlette:
        async def webhook(request: Request) -> JSONResponse:
            body = await request.json()
            self.received.append(body)
            sender, text = body["sender"], body["message"]
            if FAILING in text:
                return JSONResponse([])
            tracker = self.trackers.setdefault(sender, {"events": [], "slots": {}})
            tracker["events"].append({"event": "user", "text": text, "metadata": body.get("metadata") or {}})
            # Set, like bot.components.language_detector, only by a message that shows its language.
            if _CHINESE.search(text) or re.search("[a-zA-Z]", text):
                tracker["slots"]["language"] = "zh" if _CHINESE.search(text) else "en"
            if ACTION_LOST in text:  # as Rasa logs a remote action it could not reach
                tracker["events"] += [_executed("action_transfer_submit"), _executed("action_listen")]
                return JSONResponse([])
            if SILENT in text:  # the policy went straight back to listening
                tracker["events"].append(_executed("action_listen"))
                return JSONResponse([])
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

        async def tracker(request: Request) -> JSONResponse:
            if self.tracker_fails:
                return JSONResponse({"message": "tracker store down"}, status_code=500)
            found = self.trackers.get(request.path_params["conversation_id"], {"events": [], "slots": {}})
            return JSONResponse({"sender_id": request.path_params["conversation_id"], **found})

        return Starlette(
            routes=[
                Route("/webhooks/rest/webhook", webhook, methods=["POST"]),
                Route("/conversations/{conversation_id}/tracker", tracker, methods=["GET"]),
            ]
        )


def _executed(name: str) -> dict:
    return {"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0}
