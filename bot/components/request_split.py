"""Several requests in one message ("block my card and what's my balance", "我卡丢了，帮我冻结一下，
顺便查下余额"): where to cut the text into pieces, and which requests the pieces make, most
urgent first. Pure Python (no Rasa): the NLU component `several_requests` uses it, and the
actions import REQUEST_INTENTS and the key they read from the parse data.

Each piece is classified by the same model as any single message (see several_requests.py), so
every pair of our tasks is understood without training examples of pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.components.scripts import to_simplified

# Where the parse data (and so the tracker's latest_message) lists the requests, in serving order.
PARSE_KEY = "several_requests"

# The tasks a piece can ask for; dialogue acts (yes, thanks, hello ...) and "inform" never count.
REQUEST_INTENTS: tuple[str, ...] = (
    "block_card",
    "check_balance",
    "transfer_money",
    "transaction_history",
    "unblock_card",
    "activate_card",
    "card_not_received",
    "card_declined",
    "card_pin",
    "card_limit",
    "credit_card_bill",
    "pay_credit_card",
    "report_complaint",
    "request_human",
    "report_fraud",
)
# Served before everything else, most urgent first, whatever the order written: money leaving
# without the customer's consent, then a lost or stolen card that can be used while the customer
# reads their balance.
URGENT: tuple[str, ...] = ("report_fraud", "block_card")
# Pieces of one story about one card, not two requests: "I blocked it by mistake, restore it",
# "someone is using my card, freeze it", "the new card came, activate it". Of such a pair only the
# one the whole message means counts.
ONE_STORY: tuple[frozenset[str], ...] = (
    frozenset({"block_card", "unblock_card"}),
    frozenset({"block_card", "card_declined"}),
    frozenset({"card_not_received", "activate_card"}),
)

# Where one request ends and the next begins: sentence and clause punctuation, and the words that
# join two requests. Chinese is matched on its simplified form (offsets are kept character for
# character), so 順便 / 還有 cut like 顺便 / 还有.
_ENGLISH_JOINS = (
    r"and also|and then|and|also|then|plus|as well as|after that|afterwards|"
    r"by the way|btw|while you're at it|oh and"
)
_CUT = re.compile(
    # A comma or full stop between digits is part of an amount (1,000.50), not a cut.
    r"(?:[;!?&，。；！？、\n]|(?<!\d)[,.]|[,.](?!\d))+"
    rf"|\b(?:{_ENGLISH_JOINS})\b"
    # 还有 joins, except in 还有多少 ("how much is left")
    r"|顺便|顺带|还有(?!多少)|然后|另外|并且|而且|同时|以及|再帮我|再帮忙|再给我|也帮我|还要|还想|和|跟",
    re.IGNORECASE,
)
MAX_PIECES = 6  # a long story is not cut into more pieces than this (each is one more classification)
_WORD = re.compile(r"[A-Za-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def pieces(text: str) -> list[str]:
    """The clauses of `text` that could each be a request: cut at punctuation and joining words,
    the joining words dropped, pieces of fewer than two words (or characters) left out. One piece
    or none: the message is not cut. Button payloads ("/affirm") are never cut."""
    if not text or text.lstrip().startswith("/"):
        return []
    simplified = to_simplified(text)
    found: list[str] = []
    start = 0
    for cut in _CUT.finditer(simplified):
        found.append(text[start : cut.start()])
        start = cut.end()
    found.append(text[start:])
    kept = [p.strip() for p in found if len(_WORD.findall(p)) >= 2]
    if len(kept) < 2:
        return []
    if len(kept) > MAX_PIECES:
        kept = kept[: MAX_PIECES - 1] + [" ".join(kept[MAX_PIECES - 1 :])]
    return kept


@dataclass(frozen=True)
class Piece:
    """A piece's own classification (after the fallback classifier)."""

    intent: str | None
    confidence: float


def requests_in(classified: Iterable[Piece], threshold: float, whole: str | None = None) -> list[Piece]:
    """The distinct requests among the pieces, in the order written, then the urgent ones first;
    a piece below `threshold` or not a task counts for nothing; of a ONE_STORY pair only `whole`
    (the intent of the whole message), or the first written. Several are meant only when two or
    more differ."""
    seen: dict[str, Piece] = {}
    for piece in classified:
        if piece.intent in REQUEST_INTENTS and piece.confidence >= threshold:
            if piece.intent not in seen or seen[piece.intent].confidence < piece.confidence:
                seen[piece.intent] = piece
    for pair in ONE_STORY:
        if pair <= seen.keys():
            keep = whole if whole in pair else next(i for i in seen if i in pair)
            for intent in pair - {keep}:
                del seen[intent]
    rank = {intent: i for i, intent in enumerate(URGENT)}
    ordered = sorted(seen.values(), key=lambda p: rank.get(p.intent, len(URGENT)))  # stable: written order
    return ordered if len(ordered) >= 2 else []
