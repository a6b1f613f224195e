"""Which of the customer's own accounts, cards or payees a slot value means. Slots hold
what a customer can read back: an account's or card's last four digits, a payee's name."""

from __future__ import annotations

from collections.abc import Sequence

from actions.parsing.choices import account_kind, card_kind, last_digits
from banking_backend.domain.views import AccountView, CardView


def matching_accounts(
    accounts: Sequence[AccountView], value: object, kinds: Sequence[str] | None = None
) -> list[AccountView]:
    """The accounts `value` can mean ("1302", "savings", "my 储蓄账户"), among `kinds`."""
    usable = [a for a in accounts if kinds is None or a.kind in kinds]
    digits = last_digits(value)
    if digits:
        return [a for a in usable if a.last4 == digits]
    kind = account_kind(value)
    return [a for a in usable if a.kind == kind] if kind else []


def matching_cards(
    cards: Sequence[CardView], value: object, statuses: Sequence[str] | None = None
) -> list[CardView]:
    """The cards `value` can mean ("4821", "debit", "尾号4821的借记卡"), among `statuses`."""
    usable = [c for c in cards if statuses is None or c.status in statuses]
    digits = last_digits(value)
    if digits:
        return [c for c in usable if c.last4 == digits]
    kind = card_kind(value)
    return [c for c in usable if c.kind == kind] if kind else []


def payee_named_in(text: object, names: Sequence[str]) -> str | None:
    """The one saved payee's name that appears in `text` ("给王五转两千" -> "王五")."""
    haystack = str(text or "").casefold()
    found = [n for n in names if n.casefold() in haystack]
    if not found:
        # "Bob" for "Bob Okafor": a first name that only one payee has.
        words = set(haystack.replace(",", " ").split())
        found = [n for n in names if n.split()[0].casefold() in words]
    return found[0] if len(found) == 1 else None
