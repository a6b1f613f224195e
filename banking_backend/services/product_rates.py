"""Products with their interest rates (savings, term deposits, loans, cards), as in effect on a
day: the newest row of each product code on or before it."""

from __future__ import annotations

from datetime import date

from banking_backend import models as m
from banking_backend.domain.money import Money
from banking_backend.domain.views import ProductView
from banking_backend.unit_of_work import SqlUnitOfWork

PRODUCT_KINDS = ("savings", "deposit", "loan", "card")


def _view(row: m.Product) -> ProductView:
    return ProductView(
        code=row.code,
        kind=row.kind,
        name={"en": row.name_en, "zh": row.name_zh},
        currency=row.currency,
        rate_percent=row.rate_percent,
        rate_kind=row.rate_kind,
        term_months=row.term_months,
        minimum=Money.from_minor(row.minimum_minor, row.currency).amount,
        effective_from=row.effective_from,
    )


def list_products(
    uow: SqlUnitOfWork, *, kind: str | None = None, currency: str | None = None, on: date | None = None
) -> list[ProductView]:
    """Products in effect `on` (default today), of `kind` and `currency` if given; deposits by
    term, then by code."""
    with uow:
        day = on or uow.now().date()
        rows = [
            r
            for r in uow.reference.products(day)
            if (kind is None or r.kind == kind) and (currency is None or r.currency == currency.upper())
        ]
        rows.sort(key=lambda r: (r.kind, r.currency, r.term_months or 0, r.code))
        return [_view(r) for r in rows]


def get_product(uow: SqlUnitOfWork, code: str, on: date | None = None) -> ProductView | None:
    with uow:
        day = on or uow.now().date()
        return next((_view(r) for r in uow.reference.products(day) if r.code == code), None)
