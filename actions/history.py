"""Transaction history for a period the customer names ("last week", "上个月"), or the latest."""

from __future__ import annotations

from datetime import timedelta

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.customer import CustomerAction
from actions.messages import text
from actions.money_format import format_money
from actions.parsing.periods import Period, parse_period
from actions.resolving import matching_accounts
from banking_backend.services import accounts
from kernel.identity import VerifiedIdentity

SHOWN = 10
FETCHED = 200


def period_words(period: Period | None, language: str) -> str:
    if period is None:
        return text("history_recent", language)
    end = (period.end - timedelta(microseconds=1)).date()  # the end is exclusive
    return text("history_period", language, start=period.start.date().isoformat(), end=end.isoformat())


class ActionTransactionHistory(CustomerAction):
    def name(self) -> str:
        return "action_transaction_history"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        said = next(tracker.get_latest_entity_values("time_period"), None)
        period = parse_period(said) if said else parse_period(tracker.latest_message.get("text"))
        account_said = next(tracker.get_latest_entity_values("account"), None)
        owned = accounts.list_accounts(unit_of_work(), customer.customer_id)
        chosen = matching_accounts(owned, account_said) if account_said else []
        rows = accounts.recent_transactions(
            unit_of_work(),
            customer.customer_id,
            account_id=chosen[0].id if len(chosen) == 1 else None,
            since=period.start if period else None,
            until=period.end if period else None,
            limit=FETCHED if period else SHOWN,
        )
        words = period_words(period, language)
        if not rows:
            dispatcher.utter_message(text=text("history_none", language, period=words))
            return
        lines = [text("history_header", language, period=words)]
        for row in rows[:SHOWN]:
            lines.append(
                text(
                    "history_line",
                    language,
                    date=row.at.date().isoformat(),
                    description=row.merchant or row.description,
                    amount=format_money(row.amount, row.currency, language),
                )
            )
        if len(rows) > SHOWN:
            lines.append(text("history_more", language, count=len(rows) - SHOWN))
        dispatcher.utter_message(text="\n".join(lines))
