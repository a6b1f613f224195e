"""Transfers: between own accounts, to saved payees (customers of this bank or elsewhere),
now or on a date. One transaction, row locks in a fixed order, an idempotency key.
Saved payees are in `payees`; executing and cancelling scheduled transfers in `scheduled_transfers`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from banking_backend import models as m
from banking_backend.domain.errors import (
    AccountNotFound,
    AccountStateError,
    CurrencyMismatch,
    DuplicateIdempotencyKey,
    InsufficientFunds,
    InvalidRequest,
    LimitExceeded,
    PayeeNotFound,
    SameAccount,
    StepUpRequired,
)
from banking_backend.domain.ledger import EntryDraft
from banking_backend.domain.money import Money
from banking_backend.domain.products import (
    STEP_UP_PURPOSE_TRANSFER,
    mask_number,
    transfer_limits,
)
from banking_backend.domain.risk import RiskRules, Signal, holds, steps_up
from banking_backend.domain.views import AccountView, PayeeView, TransferCheck, TransferView
from banking_backend.services import accounts, audit, ledger, otp, payees, risk_signals
from banking_backend.services.accounts import available_minor
from banking_backend.services.retrying import in_transaction
from banking_backend.unit_of_work import SqlUnitOfWork

SOURCE_KINDS = ("checking", "savings")


@dataclass(slots=True)
class _Route:
    source: m.Account
    target: m.Account
    payee: m.Payee | None
    counterparty: str
    own: bool  # between the customer's own accounts: no limits, no step-up


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """A transfer as the customer described it (an account's last four digits, a payee's name),
    resolved once to their own rows: where the money comes from and where it goes."""

    source: AccountView
    to_account: AccountView | None = None  # one of the customer's own accounts
    payee: PayeeView | None = None  # or one of their saved payees

    @property
    def destination(self) -> dict[str, int | None]:
        """The destination as `check_transfer` and `transfer` take it."""
        return {
            "to_account_id": self.to_account.id if self.to_account else None,
            "payee_id": self.payee.id if self.payee else None,
        }


def source_accounts(uow: SqlUnitOfWork, customer_id: int) -> list[AccountView]:
    """The customer's accounts money can be sent from (and moved between)."""
    return [a for a in accounts.list_accounts(uow, customer_id) if a.kind in SOURCE_KINDS]


def _one_by_last4(owned: list[AccountView], last4: str | None) -> AccountView:
    found = [a for a in owned if last4 and a.last4 == last4]
    if len(found) != 1:
        raise AccountNotFound()
    return found[0]


def resolve_request(
    uow: SqlUnitOfWork,
    customer_id: int,
    source_last4: str | None,
    *,
    to_account_last4: str | None = None,
    payee_name: str | None = None,
) -> TransferRequest:
    """The transfer the customer described, in one unit of work: from their account ending in
    `source_last4`, to their own account ending in `to_account_last4` or to the saved payee
    `payee_name`. Raises AccountNotFound (no one such account of theirs) or PayeeNotFound."""
    with uow:
        owned = source_accounts(uow, customer_id)
        source = _one_by_last4(owned, source_last4)
        if to_account_last4 is not None:
            return TransferRequest(source, to_account=_one_by_last4(owned, to_account_last4))
        return TransferRequest(source, payee=payees.find_payee(uow, customer_id, payee_name or ""))


def request_fingerprint(**params: object) -> str:
    """What makes two requests 'the same' for an idempotency key."""
    text = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _check_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 128:
        raise InvalidRequest("an idempotency key of 1 to 128 characters is required")
    return key


def transfer_view(uow: SqlUnitOfWork, row: m.Transfer, replayed: bool = False) -> TransferView:
    if row.payee_id is not None:
        payee = uow.payees.owned(row.customer_id, row.payee_id)
        counterparty = payee.name if payee else ""
    else:
        target = uow.accounts.get(row.to_account_id or 0)
        counterparty = target.name if target else ""
    return TransferView(
        id=row.id,
        status=row.status,
        from_account_id=row.from_account_id,
        to_account_id=row.to_account_id,
        payee_id=row.payee_id,
        counterparty=counterparty,
        amount=Money.from_minor(row.amount_minor, row.currency).amount,
        currency=row.currency,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
        executed_at=row.executed_at,
        scheduled_for=row.scheduled_for,
        memo=row.memo,
        journal_entry_id=row.journal_entry_id,
        failure_reason=row.failure_reason,
        replayed=replayed,
        hold_reasons=tuple(filter(None, (row.hold_reasons or "").split(","))),
    )


def route_for(
    uow: SqlUnitOfWork,
    customer_id: int,
    from_account_id: int,
    to_account_id: int | None,
    payee_id: int | None,
    amount: Money,
) -> _Route:
    if (to_account_id is None) == (payee_id is None):
        raise InvalidRequest("give either an own account or a saved payee, not both")
    source = uow.accounts.owned(customer_id, from_account_id)
    if source is None:
        raise AccountNotFound()
    if source.kind not in SOURCE_KINDS:
        raise InvalidRequest("transfers can only be made from a checking or savings account")
    payee = None
    if to_account_id is not None:
        target = uow.accounts.owned(customer_id, to_account_id)
        if target is None:
            raise AccountNotFound()
        if target.id == source.id:
            raise SameAccount()
        counterparty, own = target.name, True
    else:
        payee = uow.payees.owned(customer_id, payee_id or 0)
        if payee is None:
            raise PayeeNotFound([p.name for p in uow.payees.for_customer(customer_id)])
        if payee.internal_account_id is not None:
            found = uow.accounts.get(payee.internal_account_id)
            assert found is not None
            target = found
            if target.id == source.id:
                raise SameAccount()
        else:
            target = ledger.internal_account(uow, ledger.CLEARING, source.currency)
        counterparty, own = payee.name, False
    for account, action in ((source, "send from"), (target, "send to")):
        if account.status != "open":
            raise AccountStateError(account.status, action)
    if amount.currency != source.currency:
        raise CurrencyMismatch(source.currency, amount.currency)
    if target.currency != source.currency:
        raise CurrencyMismatch(target.currency, source.currency)
    return _Route(source, target, payee, counterparty, own)


def _step_up_reasons(route: _Route, amount: Money, signals: Sequence[Signal] = ()) -> list[str]:
    """Why a one-time code is needed: a payee never paid, a large amount, and the risk signals
    whose outcome is a step-up (domain/risk.py)."""
    if route.own:
        return []
    reasons = []
    if route.payee is not None and route.payee.trusted_at is None:
        reasons.append("new_payee")
    if amount >= transfer_limits(amount.currency).step_up_threshold:
        reasons.append("above_threshold")
    reasons += [s.name for s in steps_up(list(signals))]
    return reasons


def day_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    return start, start + timedelta(days=1)


def check_limits(uow: SqlUnitOfWork, customer_id: int, route: _Route, amount: Money) -> None:
    if route.own:
        return
    limits = transfer_limits(amount.currency)
    if amount > limits.per_transfer:
        raise LimitExceeded(limits.per_transfer, "per_transfer")
    start, end = day_bounds(uow.now())
    sent = Money.from_minor(
        uow.transfers.sent_between(customer_id, amount.currency, start, end), amount.currency
    )
    if sent + amount > limits.daily:
        remaining = limits.daily - sent
        raise LimitExceeded(limits.daily, "daily", remaining=max(remaining, Money.zero(sent.currency)))


def _check_funds(account: m.Account, amount: Money) -> None:
    if amount.minor > available_minor(account):
        raise InsufficientFunds(Money.from_minor(max(0, available_minor(account)), account.currency))


def check_transfer(
    uow: SqlUnitOfWork,
    customer_id: int,
    from_account_id: int,
    *,
    to_account_id: int | None = None,
    payee_id: int | None = None,
    amount: Decimal,
    currency: str,
) -> TransferCheck:
    """Validate a transfer without moving money: raises what `transfer` would raise (funds,
    limits, ownership), and says whether a one-time code will be needed."""
    money = Money.positive(amount, currency)
    with uow:
        route = route_for(uow, customer_id, from_account_id, to_account_id, payee_id, money)
        check_limits(uow, customer_id, route, money)
        _check_funds(route.source, money)
        signals = risk_signals.evaluate(uow, customer_id, route.payee, route.own, money, RiskRules.from_env())
        reasons = _step_up_reasons(route, money, signals)
        return TransferCheck(
            step_up_required=bool(reasons),
            reasons=tuple(reasons),
            purpose=STEP_UP_PURPOSE_TRANSFER,
            counterparty=route.counterparty,
            amount=money.amount,
            currency=money.currency,
            available_after=Money.from_minor(
                available_minor(route.source) - money.minor, money.currency
            ).amount,
            hold_reasons=tuple(s.name for s in holds(signals)),
        )


def book(
    uow: SqlUnitOfWork,
    *,
    customer_id: int,
    source_id: int,
    target_id: int,
    amount: Money,
    description: str,
    kind: str,
    channel: str,
) -> m.JournalEntry:
    """Lock both accounts (ascending id), check funds, post the entry. Caller holds the
    transaction."""
    locked = uow.accounts.lock([source_id, target_id])
    _check_funds(locked[source_id], amount)
    draft = EntryDraft(description=description, kind=kind).move(source_id, target_id, amount)
    return ledger.post(uow, draft, locked, channel)


def transfer(
    uow: SqlUnitOfWork,
    customer_id: int,
    from_account_id: int,
    *,
    to_account_id: int | None = None,
    payee_id: int | None = None,
    amount: Decimal,
    currency: str,
    idempotency_key: str,
    step_up_token: str | None = None,
    channel: str,
    memo: str | None = None,
    scheduled_for: date | None = None,
) -> TransferView:
    """Move money, once. The same key with the same request returns the first transfer
    (with `replayed=True`); with a different request it raises DuplicateIdempotencyKey."""
    money = Money.positive(amount, currency)
    key = _check_key(idempotency_key)
    memo = memo.strip()[:140] if memo else None
    fingerprint = request_fingerprint(
        op="transfer",
        source=from_account_id,
        to=to_account_id,
        payee=payee_id,
        amount=money.minor,
        currency=money.currency,
        memo=memo,
        scheduled_for=scheduled_for,
    )

    def work() -> TransferView:
        # The customer's row lock serialises their own transfers: the idempotency key and the
        # daily limit are then checked against everything they committed before. It is
        # always taken before any account lock, and only ever one customer's, so no cycle.
        customer = uow.customers.get_for_update(customer_id)
        if customer is None:
            raise AccountNotFound()
        existing = uow.transfers.by_key(customer_id, key)
        if existing is not None:
            if existing.request_hash != fingerprint:
                raise DuplicateIdempotencyKey()
            return transfer_view(uow, existing, replayed=True)
        route = route_for(uow, customer_id, from_account_id, to_account_id, payee_id, money)
        signals = risk_signals.evaluate(uow, customer_id, route.payee, route.own, money, RiskRules.from_env())
        reasons = _step_up_reasons(route, money, signals)
        if reasons:
            if not step_up_token:
                # Nothing is written here: this may run inside a caller's transaction (a pending
                # operation), which a refusal must leave untouched. The signals are recorded
                # with the transfer that follows the code.
                raise StepUpRequired(STEP_UP_PURPOSE_TRANSFER, reasons)
            otp.consume_step_up_token(uow, customer_id, step_up_token, STEP_UP_PURPOSE_TRANSFER)
        check_limits(uow, customer_id, route, money)
        held = holds(signals)
        if held:
            _check_funds(route.source, money)  # a hold that could never be paid is refused now
        now = uow.now()
        row = m.Transfer(
            customer_id=customer_id,
            kind="transfer",
            from_account_id=route.source.id,
            to_account_id=to_account_id,
            payee_id=payee_id,
            amount_minor=money.minor,
            currency=money.currency,
            counts_toward_limit=not route.own,
            status="scheduled",
            idempotency_key=key,
            request_hash=fingerprint,
            memo=memo,
            channel=channel,
            scheduled_for=scheduled_for,
            created_at=now,
        )
        if held:
            # Recorded, not paid: the bank reviews it (services/transfer_reviews.py) and pays,
            # schedules or cancels it. The key now answers with this held transfer.
            row.status, row.hold_reasons = "held", ",".join(s.name for s in held)
            uow.transfers.add(row)
            risk_signals.record(
                uow, customer_id, channel, signals, outcome="hold", transfer_id=row.id, to=route.counterparty
            )
            audit.record(
                uow,
                customer_id,
                "transfer.held",
                channel,
                transfer_id=row.id,
                amount=str(money.amount),
                currency=money.currency,
                to=route.counterparty,
                reasons=[s.name for s in held],
            )
            return transfer_view(uow, row)
        if scheduled_for is not None and scheduled_for > now.date():
            uow.transfers.add(row)
            audit.record(
                uow,
                customer_id,
                "transfer.scheduled",
                channel,
                transfer_id=row.id,
                amount=str(money.amount),
                currency=money.currency,
                on=scheduled_for.isoformat(),
                to=route.counterparty,
            )
            if signals:
                risk_signals.record(uow, customer_id, channel, signals, outcome="step_up", transfer_id=row.id)
            return transfer_view(uow, row)
        entry = book(
            uow,
            customer_id=customer_id,
            source_id=route.source.id,
            target_id=route.target.id,
            amount=money,
            description=memo or f"Transfer {customer.display_name} → {route.counterparty}",
            kind="transfer",
            channel=channel,
        )
        row.status, row.journal_entry_id, row.executed_at = "completed", entry.id, now
        uow.transfers.add(row)
        if route.payee is not None and route.payee.trusted_at is None:
            route.payee.trusted_at = now  # paid once with a one-time code: known from now on
        audit.record(
            uow,
            customer_id,
            "transfer.completed",
            channel,
            transfer_id=row.id,
            amount=str(money.amount),
            currency=money.currency,
            to=route.counterparty,
            from_account=mask_number(route.source.number),
            to_account=mask_number(route.target.number) if route.target.customer_id else None,
            step_up=bool(reasons),
            risk_signals=[s.name for s in signals] or None,
        )
        if signals:
            risk_signals.record(uow, customer_id, channel, signals, outcome="step_up", transfer_id=row.id)
        return transfer_view(uow, row)

    return in_transaction(uow, work)


def list_transfers(uow: SqlUnitOfWork, customer_id: int, limit: int = 20) -> list[TransferView]:
    with uow:
        return [transfer_view(uow, t) for t in uow.transfers.for_customer(customer_id, limit)]
