"""Money: a Decimal amount with its currency, checked against the currency's minor units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from banking_backend.domain.errors import CurrencyMismatch, InvalidAmount

# ISO 4217 minor units for the currencies the bank keeps.
MINOR_UNITS: dict[str, int] = {
    "CNY": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "SGD": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
}
# Anything at or above this many major units is a typo or an attack, not a payment.
MAX_MAJOR_UNITS = Decimal(10) ** 12


def minor_units(currency: str) -> int:
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise InvalidAmount(f"unknown currency {currency!r}", "unknown_currency", currency=currency) from None


def _to_decimal(amount: object) -> Decimal:
    if isinstance(amount, bool):
        raise TypeError("a bool is not an amount of money")
    if isinstance(amount, float):
        raise TypeError("money is never a float: pass a Decimal or a string")
    if isinstance(amount, Decimal):
        return amount
    if isinstance(amount, int):
        return Decimal(amount)
    if isinstance(amount, str):
        try:
            return Decimal(amount.strip().replace(",", ""))
        except InvalidOperation:
            raise InvalidAmount("not a number", "not_a_number") from None
    raise TypeError(f"cannot make money from {type(amount).__name__}")


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        amount = _to_decimal(self.amount)
        if not amount.is_finite():
            raise InvalidAmount("not a finite number", "not_a_number")
        exponent = minor_units(self.currency)
        if abs(amount) >= MAX_MAJOR_UNITS:
            raise InvalidAmount("too large", "too_large")
        quantum = Decimal(1).scaleb(-exponent)
        if amount != amount.quantize(quantum):
            raise InvalidAmount(
                f"more than {exponent} decimal places for {self.currency}",
                "too_many_decimals",
                places=exponent,
                currency=self.currency,
            )
        object.__setattr__(self, "amount", amount.quantize(quantum))

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        return cls(_to_decimal(amount), currency)

    @classmethod
    def positive(cls, amount: object, currency: str) -> Money:
        """An amount someone asks to move: must be strictly above zero."""
        money = cls.of(amount, currency)
        if money.amount <= 0:
            raise InvalidAmount("must be more than zero", "not_positive")
        return money

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-minor_units(currency)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @property
    def minor(self) -> int:
        return int(self.amount.scaleb(minor_units(self.currency)))

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("can only combine Money with Money")
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency}"
