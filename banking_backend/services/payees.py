"""Saved payees (beneficiaries): list, find by name, add."""

from __future__ import annotations

from banking_backend import models as m
from banking_backend.domain.errors import InvalidRequest, PayeeNotFound
from banking_backend.domain.products import mask_number
from banking_backend.domain.views import PayeeView
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork


def payee_view(payee: m.Payee) -> PayeeView:
    return PayeeView(
        id=payee.id,
        name=payee.name,
        masked_number=mask_number(payee.account_number),
        last4=payee.account_number[-4:],
        internal=payee.internal_account_id is not None,
        bank_name=payee.bank_name,
        trusted=payee.trusted_at is not None,
    )


def list_payees(uow: SqlUnitOfWork, customer_id: int) -> list[PayeeView]:
    with uow:
        return [payee_view(p) for p in uow.payees.for_customer(customer_id)]


def find_payee(uow: SqlUnitOfWork, customer_id: int, name: str) -> PayeeView:
    """The one saved payee whose name matches (exactly, else as a unique part, ignoring case);
    otherwise PayeeNotFound listing the saved payees' names."""
    payees = list_payees(uow, customer_id)
    wanted = name.strip().casefold()
    exact = [p for p in payees if p.name.casefold() == wanted]
    partial = [p for p in payees if wanted and wanted in p.name.casefold()]
    for matches in (exact, partial):
        if len(matches) == 1:
            return matches[0]
    raise PayeeNotFound([p.name for p in payees])


def add_payee(
    uow: SqlUnitOfWork,
    customer_id: int,
    name: str,
    account_number: str,
    *,
    bank_name: str | None = None,
    channel: str,
) -> PayeeView:
    """Save a beneficiary. A number of an account at this bank makes it internal (money goes
    straight there). New payees are untrusted: the first transfer needs a one-time code."""
    number = "".join(account_number.split())
    name = " ".join(name.split())
    if not name or not number or len(number) > 34 or len(name) > 200:
        raise InvalidRequest("a payee needs a name and an account number")
    with uow:
        existing = uow.payees.by_number(customer_id, number)
        if existing is not None:
            return payee_view(existing)
        target = uow.accounts.by_number(number)
        if target is not None and target.kind == "internal":
            target = None
        payee = uow.payees.add(
            m.Payee(
                customer_id=customer_id,
                name=name,
                account_number=number,
                bank_name=None if target else bank_name,
                internal_account_id=target.id if target else None,
                trusted_at=None,
                created_at=uow.now(),
            )
        )
        audit.record(
            uow,
            customer_id,
            "payee.added",
            channel,
            payee_id=payee.id,
            name=name,
            number=mask_number(number),
            internal=target is not None,
        )
        result = payee_view(payee)
        uow.commit()
        return result
