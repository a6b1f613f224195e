"""Which of the customer's own accounts, cards or payees a slot value means. Slots hold
what a customer can read back: an account's or card's last four digits, a payee's name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from actions.parsing.choices import ACCOUNT_WORDS, account_kind, card_kind, last_digits
from banking_backend.domain.views import AccountView, CardView

Owned = TypeVar("Owned", AccountView, CardView)  # both have `last4` and `kind`

# Words just before an account that make it where the money goes, or where it comes from.
_TO_WORDS = ("to", "into", "in", "onto", "到", "转", "轉", "转入", "轉入", "存入", "进", "進")
_FROM_WORDS = ("from", "out of", "off", "从", "從", "自")
# Words between the marker and the account that change nothing ("to my savings", "到我的储蓄").
_FILLER = re.compile(r"(?:\s|\b(?:my|the|our|own|your)\b|我的|我|的)+$")


def matching_accounts(
    accounts: Sequence[AccountView], value: object, kinds: Sequence[str] | None = None
) -> list[AccountView]:
    """The accounts `value` can mean ("1302", "savings", "my 储蓄账户"), among `kinds`."""
    usable = [a for a in accounts if kinds is None or a.kind in kinds]
    return _matching(usable, value, account_kind)


def matching_cards(
    cards: Sequence[CardView], value: object, statuses: Sequence[str] | None = None
) -> list[CardView]:
    """The cards `value` can mean ("4821", "debit", "尾号4821的借记卡"), among `statuses`."""
    usable = [c for c in cards if statuses is None or c.status in statuses]
    return _matching(usable, value, card_kind)


def _matching(items: Sequence[Owned], value: object, kind_of: Callable[[object], str | None]) -> list[Owned]:
    """Quoted digits decide whatever words come with them; else the kind the words name."""
    digits = last_digits(value)
    if digits:
        return [i for i in items if i.last4 == digits]
    kind = kind_of(value)
    return [i for i in items if i.kind == kind] if kind else []


def payee_named_in(text: object, names: Sequence[str]) -> str | None:
    """The one saved payee's name that appears in `text` ("给王五转两千" -> "王五")."""
    haystack = str(text or "").casefold()
    found = [n for n in names if n.casefold() in haystack]
    if not found:
        # "Bob" for "Bob Okafor": a first name that only one payee has.
        words = set(haystack.replace(",", " ").split())
        found = [n for n in names if n.split()[0].casefold() in words]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class AccountRoute:
    """The customer's own accounts a message names as where money comes from and goes to."""

    source: AccountView | None = None
    target: AccountView | None = None


def account_route(text: object, accounts: Sequence[AccountView], unmarked: str = "source") -> AccountRoute:
    """Which of `accounts` the message names as the source and which as the destination: after
    "to"/"into"/到 an account is the destination, after "from"/从 the source ("from savings to
    checking", "move 500 into savings", "从储蓄转到活期", "储蓄转活期"). Of two accounts without
    such a word the first is the source; one alone is `unmarked` ("source" or "target")."""
    cleaned = unicodedata.normalize("NFKC", str(text or "")).casefold()
    mentions: list[tuple[int, int, AccountView]] = []
    for start, end, account in sorted(_mentions(cleaned, accounts), key=lambda m: (m[0], -m[1])):
        if not mentions or start >= mentions[-1][1]:  # "savings account" once, not twice
            mentions.append((start, end, account))
    roles: list[str | None] = [_role(cleaned[:start]) for start, _, _ in mentions]
    if len(mentions) == 2 and roles.count(None) == 1:
        roles[roles.index(None)] = "target" if "source" in roles else "source"
    elif len(mentions) == 2 and roles == [None, None]:
        roles = ["source", "target"]
    elif len(mentions) == 1 and roles == [None]:
        roles = [unmarked]
    found = {role: m[2] for role, m in zip(roles, mentions, strict=True) if role}
    if len(mentions) > 2 or len(found) < len(mentions):
        return AccountRoute()  # three accounts, or two the same way: not a route to guess
    return AccountRoute(source=found.get("source"), target=found.get("target"))


def _mentions(cleaned: str, accounts: Sequence[AccountView]):
    for match in re.finditer(r"(?<!\d)\d{4}(?!\d)", cleaned):
        owned = [a for a in accounts if a.last4 == match.group()]
        if len(owned) == 1:
            yield match.start(), match.end(), owned[0]
    for kind, words in ACCOUNT_WORDS.items():
        owned = [a for a in accounts if a.kind == kind]
        if len(owned) != 1:
            continue
        for word in words:
            # A whole word in English ("main", not the end of "remain").
            pattern = rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word.isascii() else re.escape(word)
            for match in re.finditer(pattern, cleaned):
                yield match.start(), match.end(), owned[0]


def _role(before: str) -> str | None:
    before = _FILLER.sub("", before).rstrip()
    if any(before.endswith(word) and _word_ends(before, word) for word in _FROM_WORDS):
        return "source"
    if any(before.endswith(word) and _word_ends(before, word) for word in _TO_WORDS):
        return "target"
    return None


def _word_ends(text: str, word: str) -> bool:
    """`word` ends `text` as a whole word ("to", not the end of "auto"); Chinese has no spaces."""
    start = len(text) - len(word)
    return not word.isascii() or start == 0 or not text[start - 1].isalnum()
