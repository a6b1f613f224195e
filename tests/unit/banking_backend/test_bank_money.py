"""Money: Decimal with the currency's minor units; floats, NaN, infinity and nonsense refused."""

from decimal import Decimal

import pytest

from banking_backend.domain.errors import BankError, CurrencyMismatch, InvalidAmount
from banking_backend.domain.money import Money


def test_amount_is_kept_to_the_currencys_minor_units():
    assert Money.of("10.5", "USD").amount == Decimal("10.50")
    assert Money.of(Decimal("10.50"), "USD").minor == 1050
    assert Money.of(1500, "JPY").minor == 1500
    assert Money.from_minor(1050, "USD") == Money.of("10.50", "USD")


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("10.001", "USD"),
        ("0.5", "JPY"),
        ("1.0001", "KWD"),
        ("NaN", "USD"),
        ("Infinity", "USD"),
        ("-Infinity", "CNY"),
        ("1e12", "USD"),
        ("12abc", "USD"),
    ],
)
def test_amounts_that_are_not_money_are_refused(amount, currency):
    with pytest.raises(InvalidAmount):
        Money.of(amount, currency)


@pytest.mark.parametrize("amount", ["0", "0.00", "-5", "-0.01"])
def test_an_amount_to_move_must_be_more_than_zero(amount):
    with pytest.raises(InvalidAmount) as error:
        Money.positive(amount, "USD")
    assert isinstance(error.value, BankError)


def test_a_float_is_a_programming_error_not_money():
    with pytest.raises(TypeError):
        Money.of(10.5, "USD")
    with pytest.raises(TypeError):
        Money.of(True, "USD")


def test_an_unknown_currency_is_refused():
    with pytest.raises(InvalidAmount):
        Money.of("1", "XXX")


def test_arithmetic_keeps_the_currency_and_refuses_to_mix():
    assert Money.of("1.10", "CNY") + Money.of("2.20", "CNY") == Money.of("3.30", "CNY")
    assert Money.of("5", "USD") - Money.of("7.5", "USD") == Money.of("-2.50", "USD")
    with pytest.raises(CurrencyMismatch):
        Money.of("1", "USD") + Money.of("1", "CNY")
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "USD") < Money.of("1", "CNY")


def test_money_prints_with_its_currency():
    assert str(Money.of("1234.5", "USD")) == "1,234.50 USD"
