"""How accounts, cards and choices are shown: labels and buttons in the customer's language."""

from __future__ import annotations

import json
from collections.abc import Iterable

from actions.messages import text
from banking_backend.domain.views import AccountView, CardView


def account_label(account: AccountView) -> str:
    return f"{account.name} ({account.masked_number})"


def card_label(card: CardView, language: str) -> str:
    return text("card_label", language, kind=text(f"kind_{card.kind}", language), last4=card.last4)


def status_word(status: str, language: str) -> str:
    key = f"status_{status}"
    try:
        return text(key, language)
    except KeyError:
        return status


def entity_button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A button that skips the NLU: Rasa reads `/intent{"entity": "value"}` as it is."""
    payload = f"/{intent}" + (json.dumps(entities, ensure_ascii=False) if entities else "")
    return {"title": title, "payload": payload}


def account_buttons(accounts: Iterable[AccountView]) -> list[dict[str, str]]:
    return [entity_button(account_label(a), "inform", account=a.last4) for a in accounts]


def card_buttons(cards: Iterable[CardView], language: str) -> list[dict[str, str]]:
    return [entity_button(card_label(c, language), "inform", card=c.last4) for c in cards]


def yes_no_buttons(language: str) -> list[dict[str, str]]:
    return [
        entity_button(text("yes", language), "affirm"),
        entity_button(text("no", language), "deny"),
    ]
