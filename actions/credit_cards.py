"""The credit-card bill, and the repayment form: minimum / statement balance / another
amount, from which account, confirm, pay exactly once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import form_runs
from actions.amount_answers import amount_answer, keep_amount_when_answering_another_question, read_amount
from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.customer import CustomerAction, acting_customer
from actions.forms_base import (
    OUTCOME,
    STOPPED_NOTHING_TO_DO,
    BankFormValidation,
    FormSubmit,
    record_operation,
)
from actions.language import language_of
from actions.messages import text
from actions.money_format import format_money
from actions.parsing.amounts import parse_amount, states_negative_amount
from actions.parsing.choices import pay_option
from actions.presenting import account_label, yes_no_buttons
from actions.resolving import matching_accounts
from actions.source_accounts import AskSourceAccount
from banking_backend.domain.errors import BankError
from banking_backend.domain.money import Money
from banking_backend.domain.views import AccountView, RepaymentView, StatementView
from banking_backend.services import accounts, credit_cards
from banking_backend.services.transfers import SOURCE_KINDS
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.identity import VerifiedIdentity

FORM = "pay_credit_card_form"


def current_statement(
    uow: SqlUnitOfWork, customer_id: int
) -> tuple[AccountView | None, StatementView | None]:
    """The customer's credit-card account and its current statement, in one unit of work:
    (None, None) without a card, (card, None) before its first statement."""
    with uow:
        owned = accounts.list_accounts(uow, customer_id)
        account = next((a for a in owned if a.kind == "credit_card"), None)
        if account is None:
            return None, None
        try:
            return account, credit_cards.statement(uow, customer_id, account.id)
        except BankError:
            return account, None


def _money(value: Decimal, statement: StatementView, language: str) -> str:
    return format_money(value, statement.currency, language)


def amount_to_pay(option: str | None, amount: str | None, statement: StatementView) -> Decimal:
    if option == "minimum":
        return statement.remaining_minimum
    if option == "statement":
        return statement.remaining_statement
    return Decimal(amount or "0")


def option_buttons(statement: StatementView, language: str) -> list[dict[str, str]]:
    titles = [
        text("option_minimum", language, amount=_money(statement.remaining_minimum, statement, language)),
        text("option_statement", language, amount=_money(statement.remaining_statement, statement, language)),
        text("option_amount", language),
    ]
    # Plain-text payloads in the customer's language, read like typed answers.
    return [{"title": title, "payload": title} for title in titles]


class ActionCreditCardBill(CustomerAction):
    def name(self) -> str:
        return "action_credit_card_bill"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> None:
        account, statement = current_statement(unit_of_work(), customer.customer_id)
        if account is None:
            dispatcher.utter_message(text=text("no_credit_card", language))
            return
        if statement is None:
            dispatcher.utter_message(text=text("err_no_statement", language))
            return
        dispatcher.utter_message(
            text=text(
                "bill",
                language,
                start=statement.period_start.isoformat(),
                end=statement.period_end.isoformat(),
                statement=_money(statement.statement_balance, statement, language),
                minimum=_money(statement.minimum_due, statement, language),
                due=statement.due_date.isoformat(),
                remaining=_money(statement.remaining_statement, statement, language),
                current=_money(statement.current_balance, statement, language),
                available=_money(statement.available_credit, statement, language),
            )
        )


class ValidatePayCreditCardForm(BankFormValidation):
    confirmation_slot = "pay_confirmed"

    def name(self) -> str:
        return "validate_pay_credit_card_form"

    async def prepare(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> dict[str, Any] | None:
        account, statement = current_statement(unit_of_work(), self.customer.customer_id)
        if account is None:
            dispatcher.utter_message(text=text("no_credit_card", language))
            return {OUTCOME: STOPPED_NOTHING_TO_DO}
        if statement is None:
            dispatcher.utter_message(text=text("err_no_statement", language))
            return {OUTCOME: STOPPED_NOTHING_TO_DO}
        if statement.current_balance <= 0:
            dispatcher.utter_message(text=text("err_nothing_to_pay", language))
            return {OUTCOME: STOPPED_NOTHING_TO_DO}
        return None

    def slots_needed(self, domain_slots: list[str], tracker: Tracker) -> list[str]:
        needed = ["pay_option"]
        # "amount", or an answer like "3000" being validated this turn: its amount is validated too
        # (a slot left out here is dropped from validation and its raw candidate would stand).
        if pay_option(tracker.get_slot("pay_option")) == "amount":
            needed.append("pay_amount")
        return [*needed, "pay_from_account", "pay_confirmed"]

    _amount_as_option = amount_answer("pay_option")  # "-50" as the option: another amount
    extract_pay_amount = amount_answer("pay_amount")

    def extract_pay_option(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Also the option typed in words the NLU reads as small talk ("其他金额" as goodbye): the
        slot's mapping leaves those intents out, but what the step's own parser knows is the answer."""
        found = self._amount_as_option(dispatcher, tracker, domain)
        said = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        asked = tracker.get_slot("requested_slot") == "pay_option"
        if found or not asked or form_runs.is_payload(said) or intent not in ("goodbye", "greet", "thank"):
            return found
        return {"pay_option": said} if pay_option(said) is not None else {}

    def validate_pay_option(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        language = language_of(tracker)
        option = pay_option(value)
        if option is None:
            dispatcher.utter_message(text=text("not_an_option", language))
            return {"pay_option": None}
        result: dict[str, Any] = {"pay_option": option, **self.correction(tracker)}
        # An amount in the answer that the NLU did not also give as pay_amount is checked here.
        given_apart = "pay_amount" in tracker.slots_to_validate()
        wants_amount = option == "amount" and not given_apart
        if wants_amount and (parse_amount(value) is not None or states_negative_amount(value)):
            result.update(self.validate_pay_amount(value, dispatcher, tracker, domain))
        elif option != "amount":
            result["pay_amount"] = None
        return result

    def validate_pay_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kept = keep_amount_when_answering_another_question("pay_amount", tracker, ("pay_option",))
        if kept is not None:
            return kept
        language = language_of(tracker)
        parsed = read_amount(value, dispatcher, language, "not_an_amount")
        if parsed is None:
            return {"pay_amount": None}
        customer = self.customer
        _, statement = current_statement(unit_of_work(), customer.customer_id)
        if statement is not None and parsed.amount > statement.current_balance:
            owed = _money(statement.current_balance, statement, language)
            dispatcher.utter_message(text=text("pay_amount_too_high", language, owed=owed))
            return {"pay_amount": None}
        return {"pay_amount": str(parsed.amount), "pay_option": "amount", **self.correction(tracker)}

    def validate_pay_from_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.customer
        owned = accounts.list_accounts(unit_of_work(), customer.customer_id)
        found = matching_accounts(owned, value, SOURCE_KINDS)
        if len(found) != 1:
            dispatcher.utter_message(text=text("not_a_pay_source", language_of(tracker)))
            return {"pay_from_account": None}
        return {"pay_from_account": found[0].last4, **self.correction(tracker)}

    validate_pay_confirmed = BankFormValidation.confirmation_answer


class ActionAskPayOption(Action):
    def name(self) -> str:
        return "action_ask_pay_option"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = language_of(tracker)
        customer = acting_customer(tracker)
        statement = current_statement(unit_of_work(), customer.customer_id)[1] if customer else None
        if statement is None:
            dispatcher.utter_message(text=text("not_an_option", language))
            return []
        dispatcher.utter_message(
            text=text(
                "ask_pay_option",
                language,
                minimum=_money(statement.remaining_minimum, statement, language),
                statement=_money(statement.remaining_statement, statement, language),
            ),
            buttons=option_buttons(statement, language),
        )
        return []


class ActionAskPayFromAccount(AskSourceAccount):
    action_name, key = "action_ask_pay_from_account", "ask_pay_from"


class ActionAskPayConfirmed(CustomerAction):
    """The summary of the repayment; the bank stores the repayment it describes."""

    def name(self) -> str:
        return "action_ask_pay_confirmed"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        uow = unit_of_work()
        with uow:
            card, statement = current_statement(uow, customer.customer_id)
            owned = accounts.list_accounts(uow, customer.customer_id)
        found = matching_accounts(owned, tracker.get_slot("pay_from_account"), SOURCE_KINDS)
        if card is None or statement is None or len(found) != 1:
            dispatcher.utter_message(text=text("ask_pay_from", language))
            return []
        option = tracker.get_slot("pay_option")
        amount = amount_to_pay(option, tracker.get_slot("pay_amount"), statement)
        try:
            given = Money.positive(amount, statement.currency) if option == "amount" else None
        except BankError as refused:
            reply = explain(refused, language)
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
            return []
        dispatcher.utter_message(
            text=text(
                "pay_summary",
                language,
                amount=_money(amount, statement, language),
                source=account_label(found[0]),
            ),
            buttons=yes_no_buttons(language),
        )
        parameters = {
            "card_account_id": card.id,
            "from_account_id": found[0].id,
            "option": option,
            "amount_minor": given.minor if given else None,
            "currency": statement.currency,
        }
        return record_operation(tracker, customer, FORM, "repayment", parameters)


class ActionPayCreditCardSubmit(FormSubmit):
    form, confirmation_slot, cancelled_message = FORM, "pay_confirmed", "pay_cancelled"
    operation_kind = "repayment"

    def name(self) -> str:
        return "action_pay_credit_card_submit"

    def done(self, result: RepaymentView, customer: VerifiedIdentity, language: str) -> str:
        owned = accounts.list_accounts(unit_of_work(), customer.customer_id)
        source = next((a for a in owned if a.id == result.transfer.from_account_id), None)
        return text(
            "pay_done",
            language,
            amount=_money(result.transfer.amount, result.statement, language),
            source=account_label(source) if source else "",
            remaining=_money(result.statement.remaining_statement, result.statement, language),
        )
