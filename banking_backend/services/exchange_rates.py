"""Exchange rates the bank publishes (one mid rate per pair and day) and conversions:
"how much is 500 USD in CNY". Decimal throughout; the stated rounding is the one rule:

- a rate derived from the table (the inverse of a published pair, or a cross rate through USD)
  is rounded half-up to RATE_PLACES decimal places, and that is the rate shown;
- the converted amount is amount x shown rate, rounded half-up to the target currency's minor
  units (the ledger's `Money` quantum), so anyone can check the figure from the rate told.

A rate is the newest published on or before the day asked (default: the bank's today, UTC)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from banking_backend import models as m
from banking_backend.domain.errors import RateNotFound
from banking_backend.domain.money import Money, minor_units
from banking_backend.domain.views import ConversionView, RateView
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork

RATE_PLACES = 6
PIVOT = "USD"  # cross rates go through it


def _known(*currencies: str) -> None:
    """An unknown currency is InvalidAmount, as it is for money."""
    for currency in currencies:
        minor_units(currency)


def _rounded_rate(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-RATE_PLACES), rounding=ROUND_HALF_UP)


def _leg(uow: SqlUnitOfWork, base: str, quote: str, on: date) -> tuple[Decimal, date, str] | None:
    """base->quote from a published pair, directly or inverted; unrounded."""
    direct = uow.reference.rate(base, quote, on)
    inverse = uow.reference.rate(quote, base, on)
    # Where both directions are published, the newer one counts; on the same day, the direct.
    if direct is not None and (inverse is None or direct.as_of >= inverse.as_of):
        return direct.rate, direct.as_of, "direct"
    if inverse is not None:
        return Decimal(1) / inverse.rate, inverse.as_of, "inverse"
    return None


def rate(uow: SqlUnitOfWork, base: str, quote: str, on: date | None = None) -> RateView:
    """One `base` in `quote`. Raises RateNotFound when neither the pair, its inverse nor a cross
    through USD is published on or before `on`."""
    base, quote = base.strip().upper(), quote.strip().upper()
    _known(base, quote)
    with uow:
        day = on or uow.now().date()
        if base == quote:
            return RateView(base, quote, Decimal(1), day, "same")
        found = _leg(uow, base, quote, day)
        if found is not None:
            value, as_of, how = found
            return RateView(base, quote, _rounded_rate(value) if how != "direct" else value, as_of, how)
        if PIVOT not in (base, quote):
            first, second = _leg(uow, base, PIVOT, day), _leg(uow, PIVOT, quote, day)
            if first is not None and second is not None:
                return RateView(
                    base, quote, _rounded_rate(first[0] * second[0]), min(first[1], second[1]), "cross"
                )
        raise RateNotFound(base, quote)


def convert(
    uow: SqlUnitOfWork, amount: object, from_currency: str, to_currency: str, on: date | None = None
) -> ConversionView:
    """`amount` of `from_currency` in `to_currency` at the bank's rate (see the module's rounding)."""
    money = Money.positive(amount, from_currency.strip().upper())
    shown = rate(uow, money.currency, to_currency, on)
    places = Decimal(1).scaleb(-minor_units(shown.quote))
    converted = Money.of((money.amount * shown.rate).quantize(places, rounding=ROUND_HALF_UP), shown.quote)
    return ConversionView(money.amount, money.currency, converted.amount, shown.quote, shown)


def published_rates(uow: SqlUnitOfWork, on: date | None = None) -> list[RateView]:
    """Every published pair's newest rate on or before `on` (the rate table as the bank shows it)."""
    with uow:
        day = on or uow.now().date()
        return [
            RateView(r.base_currency, r.quote_currency, r.rate, r.as_of) for r in uow.reference.rates_on(day)
        ]


def publish_rate(
    uow: SqlUnitOfWork, base: str, quote: str, value: Decimal, as_of: date, *, source: str = "treasury"
) -> RateView:
    """The bank's treasury sets a rate for a day (replacing that day's rate for the pair)."""
    base, quote = base.strip().upper(), quote.strip().upper()
    _known(base, quote)
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise ValueError("a rate is a positive Decimal")
    with uow:
        existing = uow.reference.rate(base, quote, as_of)
        if existing is not None and existing.as_of == as_of:
            existing.rate, existing.source = value, source
        else:
            uow.reference.add(
                m.ExchangeRate(
                    base_currency=base, quote_currency=quote, rate=value, as_of=as_of, source=source
                )
            )
        audit.record(
            uow, None, "reference.rate_published", source, pair=f"{base}/{quote}", rate=value, as_of=as_of
        )
        uow.commit()
    return RateView(base, quote, value, as_of)
