"""The reference data the bank edits, as the bot will read it: rates and conversions with their
date, branches by city or district in either language, products' interest rates, fees with the
premium waiver, and limits (the bank's and the signed-in customer's own)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from banking_backend.domain.errors import InvalidAmount, RateNotFound
from banking_backend.seed_reference import RATES
from banking_backend.services import branches, exchange_rates, fees, limits, product_rates, transfers
from tests.unit.banking_backend.conftest import SEED_TODAY
from tests.unit.banking_backend.helpers import step_up

USD_CNY = Decimal(next(today for base, quote, today, _ in RATES if (base, quote) == ("USD", "CNY")))


def test_a_conversion_uses_todays_published_rate_and_says_its_date(uow):
    converted = exchange_rates.convert(uow, "500", "usd", "CNY")
    assert converted.rate.rate == USD_CNY and converted.rate.as_of == SEED_TODAY
    assert converted.converted == (Decimal(500) * USD_CNY).quantize(Decimal("0.01"))
    assert (converted.amount, converted.currency, converted.to_currency) == (Decimal(500), "USD", "CNY")


def test_the_other_way_round_uses_the_inverse_rounded_to_six_places_half_up(uow):
    converted = exchange_rates.convert(uow, "1000", "CNY", "USD")
    inverse = (Decimal(1) / USD_CNY).quantize(Decimal("0.000001"))
    assert converted.rate.rate == inverse and converted.rate.derived == "inverse"
    # The converted figure is the amount times the rate told, to the cent: anyone can check it.
    assert converted.converted == (Decimal(1000) * inverse).quantize(Decimal("0.01"))


def test_a_pair_nobody_publishes_is_crossed_through_usd(uow):
    rate = exchange_rates.rate(uow, "GBP", "JPY")
    gbp_usd = exchange_rates.rate(uow, "GBP", "USD").rate
    usd_jpy = exchange_rates.rate(uow, "USD", "JPY").rate
    assert rate.derived == "cross" and rate.rate == (gbp_usd * usd_jpy).quantize(Decimal("0.000001"))
    # Yen have no minor units: the conversion is whole yen.
    assert exchange_rates.convert(uow, "10", "GBP", "JPY").converted == (10 * rate.rate).quantize(Decimal(1))


def test_a_day_in_the_past_gets_that_days_rate_and_before_any_rate_none(uow):
    yesterday = exchange_rates.rate(uow, "USD", "CNY", on=SEED_TODAY - timedelta(days=1))
    assert yesterday.as_of == SEED_TODAY - timedelta(days=1) and yesterday.rate != USD_CNY
    with pytest.raises(RateNotFound):
        exchange_rates.rate(uow, "USD", "CNY", on=SEED_TODAY - timedelta(days=30))


def test_a_rate_the_bank_publishes_later_is_the_one_used_from_its_day(uow, clock):
    exchange_rates.publish_rate(uow, "USD", "CNY", Decimal("7.2001"), SEED_TODAY + timedelta(days=1))
    assert exchange_rates.rate(uow, "USD", "CNY").rate == USD_CNY  # still today's
    clock.advance(days=1)
    assert exchange_rates.convert(uow, "100", "USD", "CNY").converted == Decimal("720.01")


def test_conversions_refuse_what_money_refuses(uow):
    with pytest.raises(InvalidAmount):
        exchange_rates.convert(uow, "-5", "USD", "CNY")
    with pytest.raises(InvalidAmount):
        exchange_rates.convert(uow, "5", "USD", "XYZ")
    with pytest.raises(TypeError):
        exchange_rates.convert(uow, 5.5, "USD", "CNY")


def test_branches_are_found_by_district_in_english_simplified_or_traditional_chinese(uow):
    for district in ("Pudong", "pudong new area", "浦东新区", "浦東"):
        found = branches.find_branches(uow, district=district)
        assert {b.code for b in found} == {"SH-LUJIAZUI", "SH-LUJIAZUI-ATM"}, district
    assert {b.kind for b in branches.find_branches(uow, city="上海", kind="atm")} == {"atm"}
    assert branches.find_branches(uow, city="Atlantis") == []


def test_opening_hours_are_per_weekday_in_the_branchs_own_time_zone(uow):
    lujiazui = branches.get_branch(uow, "SH-LUJIAZUI")
    assert lujiazui.name == {"en": "Lujiazui Branch", "zh": "陆家嘴支行"}
    saturday = lujiazui.hours_on(5)
    assert (saturday.opens, saturday.closes) == ("10:00", "16:00")
    # Saturday 2026-03-21 03:00 UTC is 11:00 in Shanghai: open; 09:00 UTC is 17:00: closed.
    assert branches.is_open(lujiazui, datetime(2026, 3, 21, 3, 0, tzinfo=UTC))
    assert not branches.is_open(lujiazui, datetime(2026, 3, 21, 9, 0, tzinfo=UTC))
    mission = branches.get_branch(uow, "SF-MISSION")
    assert mission.hours_on(5) is None and mission.hours_on(6) is None  # closed at weekends
    atm = branches.get_branch(uow, "SF-FIDI-ATM")
    assert branches.is_open(atm, datetime(2026, 3, 22, 10, 59, tzinfo=UTC))  # Sunday, 03:59 local


def test_products_carry_their_interest_rates_by_kind_and_term(uow):
    deposits = product_rates.list_products(uow, kind="deposit", currency="CNY")
    assert [d.term_months for d in deposits] == sorted(d.term_months for d in deposits)
    assert all(d.rate_kind == "fixed" and d.rate_percent > 0 for d in deposits)
    savings = product_rates.get_product(uow, "USD-HY-SAVINGS")
    assert savings.rate_percent == Decimal("4.10") and savings.minimum == Decimal("1000.00")
    assert savings.name["zh"] == "高收益储蓄账户"
    assert product_rates.list_products(uow, on=date(2020, 1, 1)) == []  # not in effect yet


def test_fees_fixed_or_percentage_with_floor_and_cap(uow):
    wire_cny = next(
        f for f in fees.list_fees(uow, category="international_wire", currency="CNY") if f.percent
    )
    assert wire_cny.percent == Decimal("0.1")
    assert fees.fee_for(wire_cny, "10000") == Decimal("50.00")  # 10.00 raised to the floor
    assert fees.fee_for(wire_cny, "100000") == Decimal("100.00")
    assert fees.fee_for(wire_cny, "1000000") == Decimal("260.00")  # capped
    wire_usd = next(f for f in fees.list_fees(uow, category="international_wire", currency="USD"))
    assert fees.fee_for(wire_usd) == wire_usd.amount > 0


def test_premium_customers_see_their_waived_fees_as_waived(uow, demo):
    def outgoing_wire(customer_id):
        return next(
            f
            for f in fees.list_fees(uow, customer_id=customer_id, currency="USD")
            if f.code == "wire_outgoing"
        )

    alice, bob = outgoing_wire(demo.alice), outgoing_wire(demo.bob)  # premium, standard
    assert alice.waived and fees.fee_for(alice) == 0
    assert not bob.waived and fees.fee_for(bob) == Decimal("45.00")
    overdraft = next(f for f in fees.list_fees(uow, customer_id=demo.alice) if f.code == "overdraft")
    assert not overdraft.waived  # not every fee is waived


def test_the_banks_limits_come_from_its_configured_products(uow):
    bank = limits.bank_limits(("USD", "CNY"))
    usd = next(t for t in bank.transfers if t.currency == "USD")
    assert (usd.per_transfer, usd.daily, usd.step_up_threshold) == (
        Decimal(10000),
        Decimal(20000),
        Decimal(1000),
    )
    debit_cny = next(c for c in bank.cards if (c.kind, c.currency) == ("debit", "CNY"))
    assert debit_cny.maximum == Decimal(50000)


def test_a_customers_own_limits_show_what_is_left_today_and_their_cards(uow, demo):
    before = limits.customer_limits(uow, demo.alice)
    assert [t.currency for t in before.transfers] == ["USD"]
    assert before.transfers[0].remaining_today == Decimal(20000)
    transfers.transfer(
        uow,
        demo.alice,
        demo.account("alice", "checking"),
        payee_id=demo.payee("alice", "Bob Okafor"),
        amount=Decimal("1500"),
        currency="USD",
        idempotency_key="limits-1",
        channel="web",
        step_up_token=step_up(uow, demo.alice),
    )
    after = limits.customer_limits(uow, demo.alice).transfers[0]
    assert (after.sent_today, after.remaining_today) == (Decimal("1500.00"), Decimal("18500.00"))
    cards = limits.customer_limits(uow, demo.alice).cards
    assert {c.last4 for c in cards} == {"4821", "7315"} and all(c.daily_limit is not None for c in cards)
    assert [t.currency for t in limits.customer_limits(uow, demo.wei).transfers] == ["CNY"]
