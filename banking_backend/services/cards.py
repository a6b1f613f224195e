"""Cards: list, block, unblock (temporary blocks only), activate, daily limit, replacement."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from banking_backend import models as m
from banking_backend.domain.errors import (
    CardLimitOutOfBounds,
    CardNotFound,
    CardStateError,
    CardVerificationFailed,
    InvalidRequest,
)
from banking_backend.domain.money import Money
from banking_backend.domain.products import BLOCK_REASONS, card_limit_bounds, mask_number
from banking_backend.domain.views import CardView
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel import deployment_secrets
from kernel.deployment_secrets import CARD_PEPPER

# A status a card never comes back from: the customer needs a replacement.
FINAL_STATUSES = ("lost", "stolen", "replaced")


def pan_hash(pan: str) -> str:
    """Keyed hash of a card number, so a stolen database does not give away the numbers."""
    pepper = deployment_secrets.value(CARD_PEPPER).encode()
    return hmac.new(pepper, pan.encode(), hashlib.sha256).hexdigest()


def view(card: m.Card, currency: str) -> CardView:
    return CardView(
        id=card.id,
        account_id=card.account_id,
        kind=card.kind,
        brand=card.brand,
        last4=card.last4,
        masked_number=mask_number(card.last4),
        status=card.status,
        block_reason=card.block_reason,
        daily_limit=Money.from_minor(card.daily_limit_minor, currency).amount,
        currency=currency,
        expires=f"{card.expiry_month:02d}/{card.expiry_year % 100:02d}",
        replacement_ordered=card.replacement_ordered_at is not None,
    )


def _owned(uow: SqlUnitOfWork, customer_id: int, card_id: int) -> tuple[m.Card, str]:
    card = uow.cards.owned(customer_id, card_id)
    if card is None:
        raise CardNotFound()
    account = uow.accounts.get(card.account_id)
    assert account is not None
    return card, account.currency


def _recorded(
    uow: SqlUnitOfWork,
    customer_id: int,
    event: str,
    channel: str,
    card: m.Card,
    currency: str,
    /,
    **facts: Any,
) -> CardView:
    """What happened to `card`, in the audit trail and committed; the card as it is now."""
    audit.record(uow, customer_id, event, channel, card_id=card.id, card=mask_number(card.last4), **facts)
    result = view(card, currency)
    uow.commit()
    return result


def list_cards(uow: SqlUnitOfWork, customer_id: int) -> list[CardView]:
    with uow:
        result = []
        for card in uow.cards.for_customer(customer_id):
            account = uow.accounts.get(card.account_id)
            assert account is not None
            result.append(view(card, account.currency))
        return result


def get_card(uow: SqlUnitOfWork, customer_id: int, card_id: int) -> CardView:
    with uow:
        return view(*_owned(uow, customer_id, card_id))


def find_by_last4(uow: SqlUnitOfWork, customer_id: int, last4: str) -> list[CardView]:
    return [c for c in list_cards(uow, customer_id) if c.last4 == last4.strip()]


def issue_card(
    uow: SqlUnitOfWork,
    customer_id: int,
    account_id: int,
    kind: str,
    *,
    pan: str | None = None,
    brand: str = "Visa",
    status: str = "inactive",
    daily_limit: Decimal | None = None,
    expires: tuple[int, int] | None = None,
    replaces_card_id: int | None = None,
    channel: str = "system",
) -> CardView:
    """Issue a card on one of the customer's accounts. The full number is hashed, then gone."""
    if kind not in ("debit", "credit"):
        raise InvalidRequest("card kind is debit or credit")
    pan = pan or _random_pan()
    if len(pan) < 12 or not pan.isdigit():
        raise InvalidRequest("card number must be digits")
    with uow:
        account = uow.accounts.owned(customer_id, account_id)
        if account is None:
            raise InvalidRequest("no such account for this customer")
        card = _new_card(uow, account, kind, pan, brand, status, daily_limit, expires, replaces_card_id)
        return _recorded(
            uow, customer_id, "card.issued", channel, card, account.currency, kind=kind, status=status
        )


def _new_card(
    uow: SqlUnitOfWork,
    account: m.Account,
    kind: str,
    pan: str,
    brand: str,
    status: str,
    daily_limit: Decimal | None,
    expires: tuple[int, int] | None,
    replaces_card_id: int | None,
) -> m.Card:
    bounds = card_limit_bounds(kind, account.currency)
    if daily_limit is None:
        limit = Money.of(bounds.maximum.amount / 2, account.currency)
    else:
        limit = Money.of(daily_limit, account.currency)
    now = uow.now()
    month, year = expires or (now.month, now.year + 4)
    assert account.customer_id is not None
    return uow.cards.add(
        m.Card(
            customer_id=account.customer_id,
            account_id=account.id,
            kind=kind,
            brand=brand,
            last4=pan[-4:],
            pan_hash=pan_hash(pan),
            expiry_month=month,
            expiry_year=year,
            status=status,
            block_reason=None,
            daily_limit_minor=limit.minor,
            replacement_ordered_at=None,
            replaces_card_id=replaces_card_id,
            created_at=now,
        )
    )


def _random_pan() -> str:
    return "4" + "".join(secrets.choice("0123456789") for _ in range(15))


def block_card(uow: SqlUnitOfWork, customer_id: int, card_id: int, reason: str, channel: str) -> CardView:
    """Block at once. lost/stolen are final (the card must be replaced); compromised and
    temporary leave status 'blocked' with the reason; only a temporary block can be lifted."""
    if reason not in BLOCK_REASONS:
        raise InvalidRequest(f"block reason must be one of {', '.join(BLOCK_REASONS)}")
    with uow:
        card, currency = _owned(uow, customer_id, card_id)
        if card.status in FINAL_STATUSES:
            raise CardStateError(card.status, "block", hint="already out of use")
        new_status = reason if reason in ("lost", "stolen") else "blocked"
        if card.status == new_status and card.block_reason == reason:
            return view(card, currency)
        previous = card.status
        card.status = new_status
        card.block_reason = reason
        return _recorded(
            uow, customer_id, "card.blocked", channel, card, currency, reason=reason, previous=previous
        )


def unblock_card(uow: SqlUnitOfWork, customer_id: int, card_id: int, channel: str) -> CardView:
    with uow:
        card, currency = _owned(uow, customer_id, card_id)
        if card.status == "active":
            return view(card, currency)
        if card.status != "blocked" or card.block_reason != "temporary":
            raise CardStateError(card.block_reason or card.status, "unblock", hint="order a replacement card")
        card.status = "active"
        card.block_reason = None
        return _recorded(uow, customer_id, "card.unblocked", channel, card, currency)


def activate_card(uow: SqlUnitOfWork, customer_id: int, card_id: int, last4: str, channel: str) -> CardView:
    """Activate a new card; the customer proves they hold it by its last four digits.
    Activating a replacement retires the card it replaces."""
    with uow:
        card, currency = _owned(uow, customer_id, card_id)
        if card.status == "active":
            return view(card, currency)
        if card.status != "inactive":
            raise CardStateError(card.status, "activate")
        if not hmac.compare_digest(str(last4).strip(), card.last4):
            audit.record(uow, customer_id, "card.activation_failed", channel, card_id=card.id)
            uow.commit()
            raise CardVerificationFailed()
        card.status = "active"
        if card.replaces_card_id is not None:
            old = uow.cards.owned(customer_id, card.replaces_card_id)
            if old is not None and old.status not in ("lost", "stolen"):
                old.status = "replaced"
        return _recorded(uow, customer_id, "card.activated", channel, card, currency)


def set_daily_limit(
    uow: SqlUnitOfWork, customer_id: int, card_id: int, amount: Decimal, channel: str
) -> CardView:
    with uow:
        card, currency = _owned(uow, customer_id, card_id)
        if card.status in FINAL_STATUSES:
            raise CardStateError(card.status, "change the limit of")
        bounds = card_limit_bounds(card.kind, currency)
        limit = Money.of(amount, currency)
        if limit < bounds.minimum or limit > bounds.maximum:
            raise CardLimitOutOfBounds(bounds.minimum, bounds.maximum)
        previous = Money.from_minor(card.daily_limit_minor, currency)
        card.daily_limit_minor = limit.minor
        return _recorded(
            uow,
            customer_id,
            "card.limit_changed",
            channel,
            card,
            currency,
            previous=str(previous.amount),
            new=str(limit.amount),
            currency=currency,
        )


def order_replacement(
    uow: SqlUnitOfWork,
    customer_id: int,
    card_id: int,
    channel: str,
    now: datetime | None = None,
) -> CardView:
    """Order a new card (inactive until the customer activates it). A card still active is
    left working until then; returns the new card."""
    with uow:
        card, currency = _owned(uow, customer_id, card_id)
        if card.replacement_ordered_at is not None:
            raise CardStateError(card.status, "order another replacement for", hint="already ordered")
        if card.status == "replaced":
            raise CardStateError(card.status, "replace")
        card.replacement_ordered_at = now or uow.now()
        account = uow.accounts.get(card.account_id)
        assert account is not None
        new = _new_card(
            uow,
            account,
            card.kind,
            _random_pan(),
            card.brand,
            "inactive",
            Money.from_minor(card.daily_limit_minor, currency).amount,
            None,
            card.id,
        )
        audit.record(
            uow,
            customer_id,
            "card.replacement_ordered",
            channel,
            card_id=card.id,
            card=mask_number(card.last4),
            new_card_id=new.id,
            new_card=mask_number(new.last4),
        )
        result = view(new, currency)
        uow.commit()
        return result
