"""Money as customers read it: Decimal in, text out, never float."""

from __future__ import annotations

from decimal import Decimal

SYMBOLS = {"USD": "$", "CNY": "¥", "EUR": "€", "GBP": "£", "HKD": "HK$"}
ZH_NAMES = {"USD": "美元", "CNY": "元", "EUR": "欧元", "GBP": "英镑", "HKD": "港元"}


def format_money(amount: Decimal, currency: str, language: str = "en") -> str:
    if not isinstance(amount, Decimal):
        raise TypeError("money must be Decimal")
    digits = f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    if language == "zh":
        return f"{sign}{digits} {ZH_NAMES.get(currency, currency)}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"
