"""Operations waiting for the customer's yes. When a chat shows a summary, the bank stores what
it says (kind, ids, minor units) and hands back an id; the yes executes that stored row, once,
for its owner, before it expires, in the transaction that marks it executed. Nothing the chat
holds besides the id reaches the money or the cards."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from banking_backend import models as m
from banking_backend.domain.errors import (
    ConfirmationTooOld,
    InvalidRequest,
    OperationAlreadyDone,
    OperationCancelled,
    OperationExpired,
    OperationNotFound,
)
from banking_backend.domain.money import Money
from banking_backend.domain.products import STEP_UP_PURPOSE_CARD_UNBLOCK
from banking_backend.domain.views import CardView, RepaymentView, TransferView
from banking_backend.services import audit, cards, credit_cards, otp, transfers
from banking_backend.services.retrying import in_transaction
from banking_backend.unit_of_work import SqlUnitOfWork

LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """The signed message that says yes: its id, and when the gateway signed it (epoch seconds)."""

    message_id: str
    signed_at: int


@dataclass(frozen=True, slots=True)
class Executed:
    operation_id: int
    kind: str
    result: Any  # the executing service's own view (TransferView, RepaymentView, CardView ...)


@dataclass(frozen=True, slots=True)
class Execution:
    """What an executor gets besides the unit of work: the stored operation and its owner, the
    parameters it stored, and what came with the yes."""

    customer_id: int
    parameters: dict[str, Any]
    operation: m.PendingOperation
    step_up_token: str | None
    channel: str

    def money(self, minor_key: str) -> Decimal:
        """An amount the operation stored in minor units, in its stored currency."""
        p = self.parameters
        return Money.from_minor(int(p[minor_key]), p["currency"]).amount


# kind -> (uow, execution) -> the executing service's own view.
Executor = Callable[[SqlUnitOfWork, Execution], Any]


def _transfer(uow: SqlUnitOfWork, run: Execution) -> TransferView:
    p = run.parameters
    return transfers.transfer(
        uow,
        run.customer_id,
        int(p["from_account_id"]),
        to_account_id=p.get("to_account_id"),
        payee_id=p.get("payee_id"),
        amount=run.money("amount_minor"),
        currency=p["currency"],
        idempotency_key=run.operation.idempotency_key,
        step_up_token=run.step_up_token,
        channel=run.channel,
    )


def _repayment(uow: SqlUnitOfWork, run: Execution) -> RepaymentView:
    p = run.parameters
    return credit_cards.pay_statement(
        uow,
        run.customer_id,
        int(p["card_account_id"]),
        int(p["from_account_id"]),
        p["option"],
        amount=run.money("amount_minor") if p.get("amount_minor") is not None else None,
        idempotency_key=run.operation.idempotency_key,
        channel=run.channel,
    )


@dataclass(frozen=True, slots=True)
class CardBlocked:
    card: CardView
    replacement: CardView | None  # the new card ordered with the block, if one was


def _card_block(uow: SqlUnitOfWork, run: Execution) -> CardBlocked:
    p, customer_id = run.parameters, run.customer_id
    blocked = cards.block_card(uow, customer_id, int(p["card_id"]), p["reason"], run.channel)
    replacement = None
    if p.get("order_replacement") and not blocked.replacement_ordered:
        replacement = cards.order_replacement(uow, customer_id, int(p["card_id"]), run.channel)
    return CardBlocked(blocked, replacement)


def _card_unblock(uow: SqlUnitOfWork, run: Execution) -> CardView:
    # The one-time code is the confirmation: its token is used up in this transaction.
    otp.consume_step_up_token(uow, run.customer_id, run.step_up_token or "", STEP_UP_PURPOSE_CARD_UNBLOCK)
    return cards.unblock_card(uow, run.customer_id, int(run.parameters["card_id"]), run.channel)


def _card_limit(uow: SqlUnitOfWork, run: Execution) -> CardView:
    card_id = int(run.parameters["card_id"])
    return cards.set_daily_limit(uow, run.customer_id, card_id, run.money("limit_minor"), run.channel)


EXECUTORS: dict[str, Executor] = {
    "transfer": _transfer,
    "repayment": _repayment,
    "card_block": _card_block,
    "card_limit": _card_limit,
    "card_unblock": _card_unblock,
}
# Kinds whose service keeps its own idempotency key: a second yes asks it again and is told
# "already done" with the first result. The others answer OperationAlreadyDone.
REPLAYABLE = frozenset({"transfer", "repayment"})


def transfer_parameters(
    from_account_id: int, amount: Decimal, currency: str, *, to_account_id: int | None, payee_id: int | None
) -> dict[str, Any]:
    """A transfer's parameters as stored: ids and minor units."""
    return {
        "from_account_id": from_account_id,
        "to_account_id": to_account_id,
        "payee_id": payee_id,
        "amount_minor": Money.positive(amount, currency).minor,
        "currency": currency,
    }


def record(
    uow: SqlUnitOfWork,
    customer_id: int,
    kind: str,
    parameters: dict[str, Any],
    *,
    idempotency_key: str,
    channel: str,
    message_id: str,
) -> int:
    """Store what the customer is about to be asked to confirm, in answer to their message
    `message_id`; its id. An earlier operation of the same form run still pending is cancelled:
    the newest summary is the one answered."""
    if kind not in EXECUTORS:
        raise InvalidRequest(f"unknown operation kind {kind!r}")

    def work() -> int:
        now = uow.now()
        for earlier in uow.pending.pending_with_key(customer_id, idempotency_key):
            earlier.status = "cancelled"
        row = uow.pending.add(
            m.PendingOperation(
                customer_id=customer_id,
                kind=kind,
                parameters=json.dumps(parameters, sort_keys=True),
                idempotency_key=idempotency_key,
                channel=channel,
                status="pending",
                created_at=now,
                expires_at=now + LIFETIME,
                summary_message_id=message_id[:64],
            )
        )
        return row.id

    return in_transaction(uow, work)


def cancel(uow: SqlUnitOfWork, customer_id: int, operation_id: int) -> None:
    """The customer said no: the operation can no longer be executed (nothing if it was)."""

    def work() -> None:
        row = uow.pending.owned_for_update(customer_id, operation_id)
        if row is not None and row.status == "pending":
            row.status = "cancelled"

    in_transaction(uow, work)


def _signed_before(confirmation: Confirmation, created_at: datetime) -> bool:
    # The gateway signs in whole seconds: a yes signed in the second the summary was made counts.
    return confirmation.signed_at < int(created_at.timestamp())


def execute(
    uow: SqlUnitOfWork,
    customer_id: int,
    operation_id: int | None,
    kind: str,
    confirmation: Confirmation,
    *,
    channel: str,
    step_up_token: str | None = None,
) -> Executed:
    """Execute the stored operation `operation_id` of `kind` for `customer_id`, confirmed by the
    signed message `confirmation`. Raises OperationNotFound (none, someone else's, another kind),
    OperationExpired, OperationCancelled, ConfirmationTooOld, OperationAlreadyDone, or what the
    executing service raises (then nothing is changed and the operation stays pending)."""

    def work() -> Executed:
        row = uow.pending.owned_for_update(customer_id, operation_id or 0) if operation_id else None
        if row is None or row.kind != kind:
            raise OperationNotFound()
        parameters = json.loads(row.parameters)
        if row.status == "executed":
            if row.kind not in REPLAYABLE:
                raise OperationAlreadyDone()
            replay = Execution(customer_id, parameters, row, None, channel)
            return Executed(row.id, row.kind, EXECUTORS[row.kind](uow, replay))
        if row.status == "cancelled":
            raise OperationCancelled()
        now = uow.now()
        if row.status == "expired" or now >= row.expires_at:
            row.status = "expired"
            uow.commit()
            raise OperationExpired()
        # The yes is a later message than the one the summary answered.
        if confirmation.message_id[:64] == row.summary_message_id or _signed_before(
            confirmation, row.created_at
        ):
            raise ConfirmationTooOld()
        # Marked first: the executing service commits the shared transaction, with this in it.
        row.status, row.executed_at, row.confirmed_message_id = "executed", now, confirmation.message_id[:64]
        audit.record(uow, customer_id, "operation.executed", channel, operation_id=row.id, kind=row.kind)
        run = Execution(customer_id, parameters, row, step_up_token, channel)
        return Executed(row.id, row.kind, EXECUTORS[row.kind](uow, run))

    return in_transaction(uow, work)
