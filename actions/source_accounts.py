"""The customer's accounts that money can be paid from, offered as buttons when a form asks."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.customer import acting_customer
from actions.language import language_of
from actions.messages import text
from actions.presenting import account_buttons
from banking_backend.services import accounts
from banking_backend.services.transfers import SOURCE_KINDS


def ask_for_source_account(dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> None:
    customer = acting_customer(tracker)
    owned = accounts.list_accounts(unit_of_work(), customer.customer_id) if customer else []
    dispatcher.utter_message(
        text=text(question, language_of(tracker)),
        buttons=account_buttons(a for a in owned if a.kind in SOURCE_KINDS),
    )
