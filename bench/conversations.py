"""The scripted conversation a simulated customer has: a balance question, a transfer with
confirmation, a card block and a complaint, each turn with a loose check of the bot's answer.

Every conversation is a fresh bench customer's (see customers.py), so the dialogue is the same
each time, trackers stay short, and nothing (a blocked card, a spent limit) carries over."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    say: str
    expect: re.Pattern[str]  # searched in the bot's answers, joined

    def answered(self, reply: str) -> bool:
        return self.expect.search(reply) is not None


def _turn(say: str, expect: str) -> Turn:
    return Turn(say, re.compile(expect, re.IGNORECASE))


TRANSFER_AMOUNT = 25  # USD, far below the one-time-code threshold (USD 1000)

SCRIPT: tuple[tuple[str, tuple[Turn, ...]], ...] = (
    ("balance", (_turn("what is my balance?", r"\$\d[\d,]*\.\d\d"),)),
    (
        "transfer",
        (
            _turn("I want to send money", r"which account"),
            _turn("from checking", r"who would you like to send"),
            _turn("to Bob Okafor", r"how much"),
            _turn(str(TRANSFER_AMOUNT), rf"please confirm.*\${TRANSFER_AMOUNT}\.00.*Bob Okafor"),
            _turn("yes", rf"\${TRANSFER_AMOUNT}\.00 sent to Bob Okafor"),
        ),
    ),
    (
        "card block",
        (
            _turn("block my card", r"which card"),
            _turn("the debit card", r"why should the card be blocked"),
            _turn("I lost it", r"please confirm.*block"),
            _turn("yes", r"is blocked now"),
        ),
    ),
    (
        "complaint",
        (
            _turn("I want to make a complaint", r"what is the complaint about"),
            _turn("about fees", r"what happened"),
            _turn("you charged me a fee twice this month", r"record this complaint"),
            _turn("yes", r"recorded your complaint as \S+"),
        ),
    ),
)

TURNS: tuple[tuple[str, Turn], ...] = tuple((part, turn) for part, turns in SCRIPT for turn in turns)


def reply_text(answers: object) -> str:
    """The text of Rasa's REST answers (a JSON list of {"text": ...}), joined by new lines."""
    if not isinstance(answers, list):
        return ""
    return "\n".join(str(a.get("text") or "") for a in answers if isinstance(a, dict))
