"""The bank's fees (account, card, transfer, international wire, ATM, FX), as in effect on a day,
and what a fee comes to for an amount. Premium customers do not pay a fee marked
`premium_waived`: asked for a customer, such a fee comes back with `waived=True`."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from banking_backend import models as m
from banking_backend.domain.errors import CustomerNotFound, InvalidRequest
from banking_backend.domain.money import Money, minor_units
from banking_backend.domain.views import FeeView
from banking_backend.unit_of_work import SqlUnitOfWork

FEE_CATEGORIES = ("account", "card", "transfer", "international_wire", "atm", "fx")
PREMIUM = "premium"


def _money(minor: int | None, currency: str) -> Decimal | None:
    return None if minor is None else Money.from_minor(minor, currency).amount


def _view(row: m.Fee, waived: bool = False) -> FeeView:
    return FeeView(
        code=row.code,
        category=row.category,
        name={"en": row.name_en, "zh": row.name_zh},
        currency=row.currency,
        amount=_money(row.amount_minor, row.currency),
        percent=row.percent,
        minimum=_money(row.minimum_minor, row.currency),
        maximum=_money(row.maximum_minor, row.currency),
        premium_waived=row.premium_waived,
        effective_from=row.effective_from,
        waived=waived,
    )


def list_fees(
    uow: SqlUnitOfWork,
    *,
    category: str | None = None,
    currency: str | None = None,
    customer_id: int | None = None,
    on: date | None = None,
) -> list[FeeView]:
    """Fees in effect `on` (default today). With `customer_id`, fees a premium customer does not
    pay are marked `waived`."""
    if category is not None and category not in FEE_CATEGORIES:
        raise InvalidRequest(f"category must be one of {', '.join(FEE_CATEGORIES)}")
    with uow:
        day = on or uow.now().date()
        premium = False
        if customer_id is not None:
            if uow.customers.get(customer_id) is None:
                raise CustomerNotFound()
            profile = uow.profiles.get(customer_id)
            premium = profile is not None and profile.segment == PREMIUM
        rows = [
            r
            for r in uow.reference.fees(day)
            if (category is None or r.category == category)
            and (currency is None or r.currency == currency.upper())
        ]
        rows.sort(key=lambda r: (FEE_CATEGORIES.index(r.category), r.code, r.currency))
        return [_view(r, waived=premium and r.premium_waived) for r in rows]


def fee_for(fee: FeeView, amount: object | None = None) -> Decimal:
    """What `fee` comes to: its fixed amount, or its percentage of `amount` (in the fee's
    currency) held between its minimum and maximum, rounded half-up to minor units; zero when
    waived."""
    if fee.waived:
        return Money.zero(fee.currency).amount
    if fee.amount is not None:
        return fee.amount
    if amount is None:
        raise InvalidRequest("a percentage fee needs the amount it is charged on")
    base = Money.positive(amount, fee.currency)
    assert fee.percent is not None
    places = Decimal(1).scaleb(-minor_units(fee.currency))
    value = (base.amount * fee.percent / 100).quantize(places, rounding=ROUND_HALF_UP)
    if fee.minimum is not None:
        value = max(value, fee.minimum)
    if fee.maximum is not None:
        value = min(value, fee.maximum)
    return value


def waived_for(fee: FeeView, segment: str) -> FeeView:
    """The fee as a customer of `segment` pays it."""
    return dataclasses.replace(fee, waived=segment == PREMIUM and fee.premium_waived)
