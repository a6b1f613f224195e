"""The customer's accounts that money can be paid from, offered as buttons when a form asks."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.asking import Ask
from actions.bank import unit_of_work
from actions.customer import acting_customer
from actions.presenting import account_buttons
from banking_backend.services import accounts
from banking_backend.services.transfers import SOURCE_KINDS


class AskSourceAccount(Ask):
    """Asks which account the money comes from, with a button for each one it can."""

    def buttons(self, tracker: Tracker, language: str) -> list[dict[str, str]]:
        customer = acting_customer(tracker)
        owned = accounts.list_accounts(unit_of_work(), customer.customer_id) if customer else []
        return account_buttons(a for a in owned if a.kind in SOURCE_KINDS)
