"""`bankbot chat`: a terminal conversation with the running stack, through the REST channel."""

from __future__ import annotations

import os
import sys
import uuid

import httpx


def chat(customer: str, url: str | None) -> int:
    from bankbot_cli.main import issue_token

    base = url or f"http://localhost:{os.environ.get('PORT', '8000')}"
    token = issue_token(customer)
    if token is None:
        print(f"bankbot: no customer '{customer}'", file=sys.stderr)
        return 1
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print(f"Chatting as {customer} with {base}. Type /quit to leave. Buttons: answer with their number.")
    buttons: list[dict] = []
    with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        while True:
            try:
                line = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if line in ("/quit", "/exit"):
                return 0
            if not line:
                continue
            if line.isdigit() and buttons and 1 <= int(line) <= len(buttons):
                line = buttons[int(line) - 1].get("payload") or buttons[int(line) - 1]["title"]
            try:
                response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": line})
            except httpx.HTTPError as exc:
                print(f"(cannot reach the gateway at {base}: {exc}; is `make run` running?)")
                continue
            buttons = []
            answers = response.json()
            if isinstance(answers, dict):
                print(f"bot> ({answers.get('error')})")
                continue
            for answer in answers:
                if answer.get("text"):
                    print(f"bot> {answer['text']}")
                for button in answer.get("buttons") or []:
                    buttons.append(button)
                    print(f"     {len(buttons)}. {button.get('title')}")
