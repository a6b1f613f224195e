"""Transfer and card limits: the bank's configured ones (domain/products.py, where limits live)
and a customer's own: what they may still send today, and each card's daily limit."""

from __future__ import annotations

from banking_backend.domain.errors import CustomerNotFound
from banking_backend.domain.money import Money
from banking_backend.domain.products import card_limit_bounds, transfer_limits
from banking_backend.domain.views import CardLimitView, LimitsView, TransferLimitsView
from banking_backend.services.transfers import SOURCE_KINDS, day_bounds
from banking_backend.unit_of_work import SqlUnitOfWork

CARD_KINDS = ("debit", "credit")


def _transfer_limits(currency: str) -> TransferLimitsView:
    limits = transfer_limits(currency)
    return TransferLimitsView(
        currency=currency,
        per_transfer=limits.per_transfer.amount,
        daily=limits.daily.amount,
        step_up_threshold=limits.step_up_threshold.amount,
    )


def bank_limits(currencies: tuple[str, ...] = ("USD", "CNY")) -> LimitsView:
    """The bank's limits for payments to others in `currencies`, and the bounds a customer may
    set a card's daily limit within. Own-account transfers have no limit."""
    cards = []
    for currency in currencies:
        for kind in CARD_KINDS:
            bounds = card_limit_bounds(kind, currency)
            cards.append(
                CardLimitView(None, kind, None, currency, None, bounds.minimum.amount, bounds.maximum.amount)
            )
    return LimitsView(tuple(_transfer_limits(c) for c in currencies), tuple(cards))


def customer_limits(uow: SqlUnitOfWork, customer_id: int) -> LimitsView:
    """The signed-in customer's own limits: for each currency they can send from, the bank's
    limits with what they sent to others today (UTC day) and what is left; each of their cards'
    daily limit and the bounds it may be set within."""
    with uow:
        if uow.customers.get(customer_id) is None:
            raise CustomerNotFound()
        accounts = uow.accounts.for_customer(customer_id)
        currencies = sorted({a.currency for a in accounts if a.kind in SOURCE_KINDS})
        start, end = day_bounds(uow.now())
        transfers = []
        for currency in currencies:
            base = _transfer_limits(currency)
            sent = Money.from_minor(uow.transfers.sent_between(customer_id, currency, start, end), currency)
            left = max(Money.of(base.daily, currency) - sent, Money.zero(currency))
            transfers.append(
                TransferLimitsView(
                    currency,
                    base.per_transfer,
                    base.daily,
                    base.step_up_threshold,
                    sent_today=sent.amount,
                    remaining_today=left.amount,
                )
            )
        currency_of = {a.id: a.currency for a in accounts}
        cards = []
        for card in uow.cards.for_customer(customer_id):
            if card.status == "replaced":
                continue
            currency = currency_of[card.account_id]
            bounds = card_limit_bounds(card.kind, currency)
            cards.append(
                CardLimitView(
                    card.id,
                    card.kind,
                    card.last4,
                    currency,
                    Money.from_minor(card.daily_limit_minor, currency).amount,
                    bounds.minimum.amount,
                    bounds.maximum.amount,
                )
            )
        return LimitsView(tuple(transfers), tuple(cards))
