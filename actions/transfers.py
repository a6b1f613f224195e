"""The transfer form: from which account, to whom, how much; a summary to confirm; a
one-time code when the bank asks for one; then the transfer, exactly once."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.amount_answers import (
    amount_answer,
    keep_amount_when_answering_another_question,
    read_amount,
    value_before_this_message,
)
from actions.bank import unit_of_work
from actions.bank_errors import explain
from actions.customer import CustomerAction
from actions.forms_base import BankFormValidation, FormSubmit, form_run_key, record_operation
from actions.language import language_of
from actions.messages import text
from actions.money_format import format_money
from actions.presenting import account_label, yes_no_buttons
from actions.resolving import AccountRoute, account_route, matching_accounts, payee_named_in
from actions.source_accounts import AskSourceAccount
from actions.step_up import code_slots, send_code
from banking_backend.domain.errors import (
    AccountNotFound,
    BankError,
    InsufficientFunds,
    InvalidAmount,
    LimitExceeded,
    PayeeNotFound,
)
from banking_backend.domain.views import AccountView, TransferView
from banking_backend.services import payees, pending_operations, transfers
from banking_backend.services.transfers import TransferRequest
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.identity import VerifiedIdentity

FORM = "transfer_form"
# Refusals of check_transfer that mean "ask for a different amount" (the rest: start over).
AMOUNT_ERRORS = (InsufficientFunds, LimitExceeded, InvalidAmount)
# transfer_payee holds a saved payee's name, or this and the last four digits of one of the
# customer's own accounts ("move 500 to savings").
OWN_ACCOUNT = "account:"


def _request(uow: SqlUnitOfWork, customer_id: int, tracker: Tracker) -> TransferRequest | None:
    """The transfer the form's slots describe, resolved by the bank; None while they do not
    name one of the customer's accounts and a payee (or another account of theirs)."""
    payee = tracker.get_slot("transfer_payee")
    if not payee:
        return None
    own = payee.removeprefix(OWN_ACCOUNT) if payee.startswith(OWN_ACCOUNT) else None
    try:
        return transfers.resolve_request(
            uow,
            customer_id,
            tracker.get_slot("transfer_from_account"),
            to_account_last4=own,
            payee_name=None if own is not None else payee,
        )
    except (AccountNotFound, PayeeNotFound):
        return None


def _destination_label(request: TransferRequest) -> str:
    """Where the money goes, as the customer reads it in the summary."""
    if request.to_account is not None:
        return account_label(request.to_account)
    return request.payee.name if request.payee else ""


def _route(tracker: Tracker, owned: list[AccountView]) -> AccountRoute:
    """The own accounts the customer's latest message names as source and destination; one
    named alone while the form asks who receives the money is the destination."""
    alone = "target" if tracker.get_slot("requested_slot") == "transfer_payee" else "source"
    return account_route((tracker.latest_message or {}).get("text"), owned, alone)


def _is_bare_code(tracker: Tracker, code_slots: tuple[str, ...]) -> bool:
    """Digits alone, sent when the form asked for the one-time code, are that code. ("Make it
    300" at the same moment is still a correction.)"""
    message = (tracker.latest_message or {}).get("text") or ""
    return tracker.get_slot("requested_slot") in code_slots and message.strip().isdigit()


def idempotency_key(tracker: Tracker) -> str:
    """The bank's key for this run of the form: a submit that runs twice transfers once."""
    return form_run_key(tracker, FORM, "chat-transfer")


class ValidateTransferForm(BankFormValidation):
    confirmation_slot = "transfer_confirmed"
    after_confirmation = ("transfer_otp", "transfer_step_up_token")

    def name(self) -> str:
        return "validate_transfer_form"

    def slots_needed(self, domain_slots: list[str], tracker: Tracker) -> list[str]:
        needed = ["transfer_from_account", "transfer_payee", "transfer_amount", "transfer_confirmed"]
        if tracker.get_slot("transfer_confirmed") and tracker.get_slot("transfer_step_up"):
            needed.append("transfer_otp")
        return needed

    def validate_transfer_from_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        language = language_of(tracker)
        owned = transfers.source_accounts(unit_of_work(), self.customer.customer_id)
        route = _route(tracker, owned)
        # "from savings to checking": both at once; "into savings": only where the money goes.
        to_own = {"transfer_payee": OWN_ACCOUNT + route.target.last4} if route.target else {}
        if route.target and not route.source:
            before = value_before_this_message(tracker, "transfer_from_account")
            return {"transfer_from_account": before, **to_own, **self.correction(tracker)}
        found = [route.source] if route.source else matching_accounts(owned, value)
        if len(found) != 1:
            dispatcher.utter_message(text=text("not_a_source_account", language))
            return {"transfer_from_account": None}
        source = found[0]
        return {
            "transfer_from_account": source.last4,
            "transfer_currency": source.currency,
            **to_own,
            **self.correction(tracker),
        }

    def validate_transfer_payee(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if str(value).startswith(OWN_ACCOUNT):  # set by validate_transfer_from_account this turn
            return {"transfer_payee": value}
        customer_id, uow = self.customer.customer_id, unit_of_work()
        with uow:
            target = account_route(
                value, transfers.source_accounts(uow, customer_id), unmarked="target"
            ).target
            if target is not None:  # "to my savings": between the customer's own accounts
                return {"transfer_payee": OWN_ACCOUNT + target.last4, **self.correction(tracker)}
            try:
                payee = payees.find_payee(uow, customer_id, str(value))
            except PayeeNotFound as missing:
                named = payee_named_in(value, missing.saved_payees)
                before = value_before_this_message(tracker, "transfer_payee")
                if named is None and before and tracker.get_slot("requested_slot") != "transfer_payee":
                    # A word of an answer to another step ("minus" of "minus 50") that the NLU
                    # also took for a name: the payee chosen before stays (the summary shows it).
                    return {"transfer_payee": before}
                if named is None:
                    reply = explain(missing, language_of(tracker))
                    dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
                    return {"transfer_payee": None}
                payee = payees.find_payee(uow, customer_id, named)
        return {"transfer_payee": payee.name, **self.correction(tracker)}

    extract_transfer_amount = amount_answer("transfer_amount")

    def validate_transfer_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if _is_bare_code(tracker, self.after_confirmation):
            # The code the form asked for, read as an amount too: the amount stays what it was.
            return {"transfer_amount": value_before_this_message(tracker, "transfer_amount")}
        kept = keep_amount_when_answering_another_question("transfer_amount", tracker)
        if kept is not None:
            return kept
        language = language_of(tracker)
        parsed = read_amount(value, dispatcher, language, "not_an_amount")
        if parsed is None:
            return {"transfer_amount": None}
        currency = tracker.get_slot("transfer_currency")
        if parsed.currency and currency and parsed.currency != currency:
            dispatcher.utter_message(text=text("err_currency", language, expected=currency))
            return {"transfer_amount": None}
        return {"transfer_amount": str(parsed.amount), **self.correction(tracker)}

    async def check_together(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any] | None:
        """With account, payee and amount known, ask the bank whether it would go through."""
        amount = tracker.get_slot("transfer_amount")
        if tracker.get_slot("transfer_confirmed") is not None or amount is None:
            return None
        customer_id, uow = self.customer.customer_id, unit_of_work()
        with uow:
            request = _request(uow, customer_id, tracker)
            if request is None:
                return None
            try:
                check = transfers.check_transfer(
                    uow,
                    customer_id,
                    request.source.id,
                    **request.destination,
                    amount=Decimal(amount),
                    currency=request.source.currency,
                )
            except BankError as refused:
                reply = explain(refused, language_of(tracker))
                dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
                if isinstance(refused, AMOUNT_ERRORS):
                    return {"transfer_amount": None}
                return {"transfer_from_account": None}
        return {"transfer_step_up": check.step_up_required}

    def validate_transfer_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = self.confirmation_answer(value, dispatcher, tracker, domain)
        if not value or not tracker.get_slot("transfer_step_up"):
            return answer
        customer = self.customer
        purpose, language = transfers.STEP_UP_PURPOSE_TRANSFER, language_of(tracker)
        # The bank may refuse to send a code: then the form ends.
        return {**answer, **send_code(dispatcher, customer.customer_id, purpose, customer.channel, language)}

    def validate_transfer_otp(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer = self.customer
        purpose, language = transfers.STEP_UP_PURPOSE_TRANSFER, language_of(tracker)
        token_slot = "transfer_step_up_token"  # what the bank wants with the transfer
        return code_slots(dispatcher, customer, purpose, value, language, "transfer_otp", token_slot)


class ActionAskTransferFromAccount(AskSourceAccount):
    action_name, key = "action_ask_transfer_from_account", "ask_from_account"


class ActionAskTransferConfirmed(CustomerAction):
    """The summary the customer says yes or no to; the bank stores the transfer it describes."""

    def name(self) -> str:
        return "action_ask_transfer_confirmed"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: VerifiedIdentity, language: str
    ) -> list[EventType]:
        uow = unit_of_work()
        with uow:
            request = _request(uow, customer.customer_id, tracker)
        amount = Decimal(tracker.get_slot("transfer_amount") or "0")
        if request is None:
            dispatcher.utter_message(text=text("ask_from_account", language))
            return []
        source = request.source
        try:
            parameters = pending_operations.transfer_parameters(
                source.id, amount, source.currency, **request.destination
            )
        except BankError as refused:
            reply = explain(refused, language)
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
            return []
        summary = text(
            "transfer_summary",
            language,
            amount=format_money(amount, source.currency, language),
            source=account_label(source),
            payee=_destination_label(request),
        ) + _what_is_left(source, amount, language)
        if tracker.get_slot("transfer_step_up"):
            summary += text("transfer_summary_step_up", language)
        dispatcher.utter_message(text=summary, buttons=yes_no_buttons(language))
        return record_operation(tracker, customer, FORM, "transfer", parameters)


def _what_is_left(source: AccountView, amount: Decimal, language: str) -> str:
    """The balance after the transfer, and the overdraft said apart from it."""
    money = functools.partial(format_money, currency=source.currency, language=language)
    left, overdraft = source.balance - amount, source.available - source.balance
    label = account_label(source)
    if left < 0:
        return text(
            "summary_into_overdraft",
            language,
            source=label,
            below=money(-left),
            overdraft=money(overdraft),
            overdraft_left=money(overdraft + left),
        )
    if overdraft > 0:
        return text(
            "summary_left_overdraft_untouched",
            language,
            left=money(left),
            source=label,
            overdraft=money(overdraft),
        )
    return text("summary_left", language, left=money(left), source=label)


class ActionTransferSubmit(FormSubmit):
    form, confirmation_slot, cancelled_message = FORM, "transfer_confirmed", "transfer_cancelled"
    operation_kind, step_up_token_slot = "transfer", "transfer_step_up_token"

    def name(self) -> str:
        return "action_transfer_submit"

    def done(self, result: TransferView, customer: VerifiedIdentity, language: str) -> str:
        owned = transfers.source_accounts(unit_of_work(), customer.customer_id)
        source = next((a for a in owned if a.id == result.from_account_id), None)
        if result.status == "held":
            why = "; ".join(text(f"held_{reason}", language) for reason in result.hold_reasons)
            return text(
                "transfer_held",
                language,
                amount=format_money(result.amount, result.currency, language),
                payee=result.counterparty,
                id=result.id,
                why=why,
            )
        key = "transfer_done_replayed" if result.replayed else "transfer_done"
        return text(
            key,
            language,
            amount=format_money(result.amount, result.currency, language),
            payee=result.counterparty,
            source=account_label(source) if source else "",
            id=result.id,
        )
