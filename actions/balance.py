"""Balances of the acting customer's own accounts."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.customer import CustomerAction
from actions.messages import text
from actions.money_format import format_money
from banking_backend.services import accounts
from kernel.identity import VerifiedIdentity


class ActionCheckBalance(CustomerAction):
    def name(self) -> str:
        return "action_check_balance"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        with unit_of_work() as uow:
            views = accounts.list_accounts(uow, customer.customer_id)
        if not views:
            dispatcher.utter_message(text=text("no_accounts", language))
            return
        lines = [text("balances_header", language)]
        for view in views:
            lines.append(_line(view, language))
        dispatcher.utter_message(text="\n".join(lines))


def _line(view: Any, language: str) -> str:
    if view.kind == "credit_card":
        return text(
            "credit_line",
            language,
            name=view.name,
            masked=view.masked_number,
            owed=format_money(abs(view.balance), view.currency, language),
            available=format_money(view.available, view.currency, language),
        )
    return text(
        "balance_line",
        language,
        name=view.name,
        masked=view.masked_number,
        balance=format_money(view.balance, view.currency, language),
    )
