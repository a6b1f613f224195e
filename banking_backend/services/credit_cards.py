"""Credit cards: the current statement (balance, minimum due, due date) and repayments."""

from __future__ import annotations

from decimal import Decimal

from banking_backend import models as m
from banking_backend.domain.errors import (
    AccountNotFound,
    DuplicateIdempotencyKey,
    InvalidAmount,
    InvalidRequest,
    NothingToPay,
)
from banking_backend.domain.money import Money
from banking_backend.domain.products import mask_number
from banking_backend.domain.views import RepaymentView, StatementView
from banking_backend.services import audit
from banking_backend.services.accounts import available_minor
from banking_backend.services.retrying import in_transaction
from banking_backend.services.transfers import (
    SOURCE_KINDS,
    _check_key,
    book,
    request_fingerprint,
    transfer_view,
)
from banking_backend.unit_of_work import SqlUnitOfWork

PAY_OPTIONS = ("minimum", "statement", "amount")


class NoStatement(AccountNotFound):
    """The card account has no statement yet."""


def _card_account(uow: SqlUnitOfWork, customer_id: int, account_id: int) -> m.Account:
    account = uow.accounts.owned(customer_id, account_id)
    if account is None or account.kind != "credit_card":
        raise AccountNotFound()
    return account


def _view(account: m.Account, statement: m.Statement) -> StatementView:
    cur = account.currency

    def money(minor: int) -> Decimal:
        return Money.from_minor(minor, cur).amount

    return StatementView(
        id=statement.id,
        account_id=account.id,
        currency=cur,
        period_start=statement.period_start,
        period_end=statement.period_end,
        statement_balance=money(statement.statement_balance_minor),
        minimum_due=money(statement.minimum_due_minor),
        due_date=statement.due_date,
        paid=money(statement.paid_minor),
        remaining_statement=money(max(0, statement.statement_balance_minor - statement.paid_minor)),
        remaining_minimum=money(max(0, statement.minimum_due_minor - statement.paid_minor)),
        current_balance=money(max(0, -account.balance_minor)),
        credit_limit=money(account.overdraft_limit_minor),
        available_credit=money(available_minor(account)),
    )


def statement(uow: SqlUnitOfWork, customer_id: int, card_account_id: int) -> StatementView:
    with uow:
        account = _card_account(uow, customer_id, card_account_id)
        row = uow.statements.latest(account.id)
        if row is None:
            raise NoStatement()
        return _view(account, row)


def pay_statement(
    uow: SqlUnitOfWork,
    customer_id: int,
    card_account_id: int,
    from_account_id: int,
    option: str,
    *,
    amount: Decimal | None = None,
    idempotency_key: str,
    channel: str,
) -> RepaymentView:
    """Repay the card from one of the customer's own accounts: the remaining minimum, the
    remaining statement balance, or a given amount (not more than is owed now)."""
    if option not in PAY_OPTIONS:
        raise InvalidRequest(f"option must be one of {', '.join(PAY_OPTIONS)}")
    if (option == "amount") != (amount is not None):
        raise InvalidRequest("an amount is given with option 'amount', and only then")
    key = _check_key(idempotency_key)
    fingerprint = request_fingerprint(
        op="repay",
        card=card_account_id,
        source=from_account_id,
        option=option,
        amount=str(amount) if amount is not None else None,
    )

    def work() -> RepaymentView:
        uow.customers.get_for_update(customer_id)
        card = _card_account(uow, customer_id, card_account_id)
        existing = uow.transfers.by_key(customer_id, key)
        if existing is not None:
            if existing.request_hash != fingerprint:
                raise DuplicateIdempotencyKey()
            row = uow.statements.latest(card.id)
            assert row is not None
            return RepaymentView(transfer_view(uow, existing, replayed=True), _view(card, row))
        source = uow.accounts.owned(customer_id, from_account_id)
        if source is None:
            raise AccountNotFound()
        if source.kind not in SOURCE_KINDS:
            raise InvalidRequest("repay from a checking or savings account")
        uow.accounts.lock([source.id, card.id])
        stmt = uow.statements.latest(card.id)
        if stmt is None:
            raise NoStatement()
        owed_now = max(0, -card.balance_minor)
        if option == "minimum":
            minor = max(0, stmt.minimum_due_minor - stmt.paid_minor)
        elif option == "statement":
            minor = max(0, stmt.statement_balance_minor - stmt.paid_minor)
        else:
            minor = Money.positive(amount, card.currency).minor
            if minor > owed_now:
                raise InvalidAmount("more than the card balance owed", "more_than_owed")
        minor = min(minor, owed_now)
        if minor <= 0:
            raise NothingToPay()
        money = Money.from_minor(minor, card.currency)
        entry = book(
            uow,
            customer_id=customer_id,
            source_id=source.id,
            target_id=card.id,
            amount=money,
            description=f"Credit card payment {mask_number(card.number)}",
            kind="repayment",
            channel=channel,
        )
        now = uow.now()
        row = uow.transfers.add(
            m.Transfer(
                customer_id=customer_id,
                kind="repayment",
                from_account_id=source.id,
                to_account_id=card.id,
                payee_id=None,
                amount_minor=minor,
                currency=card.currency,
                counts_toward_limit=False,
                status="completed",
                idempotency_key=key,
                request_hash=fingerprint,
                memo=None,
                channel=channel,
                scheduled_for=None,
                journal_entry_id=entry.id,
                created_at=now,
                executed_at=now,
            )
        )
        stmt.paid_minor += minor
        audit.record(
            uow,
            customer_id,
            "credit_card.repaid",
            channel,
            transfer_id=row.id,
            amount=str(money.amount),
            currency=money.currency,
            option=option,
            card_account=mask_number(card.number),
        )
        return RepaymentView(transfer_view(uow, row), _view(card, stmt))

    return in_transaction(uow, work)


def issue_statement(
    uow: SqlUnitOfWork,
    customer_id: int,
    card_account_id: int,
    *,
    period_days: int = 30,
    due_in_days: int = 25,
    minimum_rate: Decimal = Decimal("0.03"),
    minimum_floor: Decimal | None = None,
) -> StatementView:
    """Close a statement period today (a batch job in a real bank; here for tests and demos)."""
    from datetime import timedelta

    with uow:
        card = _card_account(uow, customer_id, card_account_id)
        today = uow.now().date()
        owed = max(0, -card.balance_minor)
        floor = Money.of(minimum_floor if minimum_floor is not None else 25, card.currency).minor
        minimum = min(owed, max(floor, int(owed * minimum_rate)))
        row = uow.statements.add(
            m.Statement(
                account_id=card.id,
                period_start=today - timedelta(days=period_days),
                period_end=today,
                statement_balance_minor=owed,
                minimum_due_minor=minimum,
                due_date=today + timedelta(days=due_in_days),
                paid_minor=0,
                issued_at=uow.now(),
            )
        )
        audit.record(
            uow,
            customer_id,
            "credit_card.statement_issued",
            "system",
            statement_id=row.id,
            card_account=mask_number(card.number),
        )
        result = _view(card, row)
        uow.commit()
        return result
