"""Cards: block at once, unblock only a temporary block, activate with the last four digits,
limits within the product's bounds, replacements. Never the full card number."""

from decimal import Decimal

import pytest
from sqlalchemy import inspect

from banking_backend import models as m
from banking_backend.domain.errors import (
    CardLimitOutOfBounds,
    CardNotFound,
    CardStateError,
    CardVerificationFailed,
    InvalidRequest,
)
from banking_backend.services import audit, cards


def card_of(uow, customer_id, kind):
    return next(c for c in cards.list_cards(uow, customer_id) if c.kind == kind)


def test_a_temporary_block_can_be_lifted(uow, demo):
    card = card_of(uow, demo.alice, "debit")
    blocked = cards.block_card(uow, demo.alice, card.id, "temporary", channel="web")
    assert (blocked.status, blocked.block_reason) == ("blocked", "temporary")
    unblocked = cards.unblock_card(uow, demo.alice, card.id, channel="web")
    assert (unblocked.status, unblocked.block_reason) == ("active", None)


@pytest.mark.parametrize(
    ("reason", "status"), [("lost", "lost"), ("stolen", "stolen"), ("compromised", "blocked")]
)
def test_lost_stolen_or_compromised_cannot_be_unblocked_only_replaced(uow, demo, reason, status):
    card = card_of(uow, demo.alice, "credit")
    assert cards.block_card(uow, demo.alice, card.id, reason, channel="sms").status == status
    with pytest.raises(CardStateError) as error:
        cards.unblock_card(uow, demo.alice, card.id, channel="sms")
    assert error.value.hint == "order a replacement card"
    new = cards.order_replacement(uow, demo.alice, card.id, channel="sms")
    assert new.status == "inactive" and new.id != card.id and new.kind == "credit"


def test_a_temporary_block_can_become_lost_but_not_back(uow, demo):
    card = card_of(uow, demo.bob, "debit")
    cards.block_card(uow, demo.bob, card.id, "temporary", channel="web")
    cards.block_card(uow, demo.bob, card.id, "lost", channel="web")
    with pytest.raises(CardStateError):
        cards.block_card(uow, demo.bob, card.id, "temporary", channel="web")


def test_unknown_block_reason(uow, demo):
    with pytest.raises(InvalidRequest):
        cards.block_card(uow, demo.bob, card_of(uow, demo.bob, "debit").id, "bored", "web")


def test_activation_checks_the_last_four_digits(uow, demo):
    card = card_of(uow, demo.bob, "credit")
    assert card.status == "inactive"
    with pytest.raises(CardVerificationFailed):
        cards.activate_card(uow, demo.bob, card.id, "0000", channel="web")
    assert cards.activate_card(uow, demo.bob, card.id, card.last4, channel="web").status == ("active")


def test_activating_a_replacement_retires_the_old_card(uow, demo):
    old = card_of(uow, demo.wei, "debit")
    new = cards.order_replacement(uow, demo.wei, old.id, channel="telegram")
    assert cards.get_card(uow, demo.wei, old.id).replacement_ordered
    with pytest.raises(CardStateError):
        cards.order_replacement(uow, demo.wei, old.id, channel="telegram")
    cards.activate_card(uow, demo.wei, new.id, new.last4, channel="telegram")
    assert cards.get_card(uow, demo.wei, old.id).status == "replaced"


def test_daily_limit_within_the_products_bounds(uow, demo):
    card = card_of(uow, demo.alice, "debit")  # USD debit: 0 .. 5000
    assert cards.set_daily_limit(uow, demo.alice, card.id, Decimal("2500"), "web").daily_limit == (
        Decimal("2500.00")
    )
    with pytest.raises(CardLimitOutOfBounds) as error:
        cards.set_daily_limit(uow, demo.alice, card.id, Decimal("5000.01"), "web")
    assert error.value.maximum.amount == Decimal("5000.00")
    with pytest.raises(CardLimitOutOfBounds):
        cards.set_daily_limit(uow, demo.alice, card.id, Decimal("-1"), "web")


def test_another_customers_card_is_not_found(uow, demo):
    bobs = card_of(uow, demo.bob, "debit")
    for action in (
        lambda: cards.block_card(uow, demo.alice, bobs.id, "temporary", "web"),
        lambda: cards.unblock_card(uow, demo.alice, bobs.id, "web"),
        lambda: cards.activate_card(uow, demo.alice, bobs.id, bobs.last4, "web"),
        lambda: cards.set_daily_limit(uow, demo.alice, bobs.id, Decimal("1"), "web"),
        lambda: cards.order_replacement(uow, demo.alice, bobs.id, "web"),
        lambda: cards.get_card(uow, demo.alice, bobs.id),
    ):
        with pytest.raises(CardNotFound):
            action()
    assert cards.get_card(uow, demo.bob, bobs.id).status == "active"


def test_the_full_card_number_is_never_stored(uow, demo):
    columns = {c.key for c in inspect(m.Card).columns}
    assert "pan" not in columns and "number" not in columns
    view = cards.issue_card(
        uow, demo.alice, demo.account("alice", "checking"), "debit", pan="4111111111111111"
    )
    assert view.last4 == "1111" and view.masked_number == "••••1111"
    with uow:
        row = uow.cards.owned(demo.alice, view.id)
        assert "4111111111111111" not in repr(vars(row))


def test_every_card_change_is_audited_with_masked_numbers(uow, demo):
    card = card_of(uow, demo.alice, "debit")
    cards.block_card(uow, demo.alice, card.id, "temporary", channel="telegram")
    record = audit.list_for_customer(uow, demo.alice, limit=1)[0]
    assert (record.action, record.channel) == ("card.blocked", "telegram")
    assert record.details["card"] == f"••••{card.last4}"
