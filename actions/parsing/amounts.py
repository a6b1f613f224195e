"""Amounts of money as customers type them: "1.5k", "$45.60", "1,200.50", "两千五", "三百块",
"五百元", "1.5万", "three hundred". Decimal only; cn2an for Chinese numerals. An amount written
below zero ("-50", "minus 50", "负500") is no amount, and is told apart so it can be refused as such."""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an


@dataclass(frozen=True)
class ParsedAmount:
    amount: Decimal
    currency: str | None  # ISO code when the text named one, else None


# Matched longest first, so "us dollars" wins over "dollars" and "欧元" over "元".
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    ("us dollars", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("bucks", "USD"),
    ("usd", "USD"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("renminbi", "CNY"),
    ("人民币", "CNY"),
    ("人民幣", "CNY"),
    ("rmb", "CNY"),
    ("cny", "CNY"),
    ("yuan", "CNY"),
    ("块钱", "CNY"),
    ("塊錢", "CNY"),
    ("块", "CNY"),
    ("塊", "CNY"),
    ("元", "CNY"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("欧元", "EUR"),
    ("歐元", "EUR"),
    ("pounds", "GBP"),
    ("quid", "GBP"),
    ("gbp", "GBP"),
    ("英镑", "GBP"),
    ("英鎊", "GBP"),
    ("hkd", "HKD"),
    ("港币", "HKD"),
    ("港幣", "HKD"),
    ("港元", "HKD"),
    ("yen", "JPY"),
    ("jpy", "JPY"),
    ("日元", "JPY"),
    ("日币", "JPY"),
    ("日幣", "JPY"),
    ("日圆", "JPY"),
    ("sgd", "SGD"),
    ("新币", "SGD"),
    ("新幣", "SGD"),
    ("新加坡元", "SGD"),
)
_SYMBOLS = {"$": "USD", "¥": "CNY", "￥": "CNY", "€": "EUR", "£": "GBP"}
_MULTIPLIERS = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "grand": Decimal(1000),
    "千": Decimal(1000),
    "w": Decimal(10000),
    "万": Decimal(10000),
    "萬": Decimal(10000),
    "m": Decimal(1000000),
    "million": Decimal(1000000),
}
_NUMBER = re.compile(
    r"(?:(?P<symbol>[$¥￥€£])\s*)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?:\s*(?P<mult>thousand|grand|million|k|w|m|千|万|萬)(?![a-z]))?",
    re.IGNORECASE,
)
_CJK_NUMERAL = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億点點]+")
_EN_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000, "grand": 1000, "million": 1000000}


# A minus sign or word right before a number: "-50", "$-50", "−50", "minus 50", "negative fifty",
# "负500", "減五十" (read after Chinese numerals became digits). A dash after a letter or digit
# joins ("A-50", "1234-5678", "1-2k"); one that a word follows is punctuation ("Bob - thanks").
_EN_NUMBER_WORDS = "|".join(
    sorted((w for w in (*_EN_UNITS, *_EN_SCALES) if w not in ("a", "an")), key=len, reverse=True)
)
_NEGATIVE = re.compile(
    r"(?:(?<![0-9a-z.,])[-−‒–]\s?|(?<![a-z])(?:minus|negative)\s+|[负負减減]\s*)"
    rf"(?=(?:[$¥￥€£]\s*)?\d|(?:{_EN_NUMBER_WORDS})(?![a-z]))"
)
# What may stand beside an amount in a message that is nothing but one: signs, separators,
# punctuation, "and" of "two hundred and fifty".
_AMOUNT_ALONE_NOISE = re.compile(
    r"[\s\-−‒–.,!?。，！？、~～负負减減]|(?<![a-z])(?:minus|negative|and)(?![a-z])"
)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def currency_in(text: str) -> str | None:
    """The currency a text names (symbol or word), or None."""
    text = _normalise(text).casefold()
    for symbol, code in _SYMBOLS.items():
        if symbol in text:
            return code
    for word, code in sorted(_CURRENCY_WORDS, key=lambda item: -len(item[0])):
        if re.fullmatch(r"[a-z ]+", word):
            if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text):
                return code
        elif word in text:
            return code
    return None


def _chinese_to_digits(text: str) -> str:
    """Chinese numerals to Arabic digits where they stand alone ("两千五" -> "2500")."""

    def convert(match: re.Match[str]) -> str:
        run = match.group(0).replace("點", "点").replace("兩", "两").replace("萬", "万")
        if run in ("点",) or not re.search(r"[零〇一二两三四五六七八九十]", run):
            return match.group(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = cn2an.transform(run, "cn2an")
        except (ValueError, KeyError):
            return match.group(0)
        return value

    return _CJK_NUMERAL.sub(convert, text)


def _english_words_value(text: str) -> Decimal | None:
    """'three hundred', 'two thousand five hundred', 'a grand' -> Decimal; None otherwise."""
    words = re.findall(r"[a-z]+", text.casefold().replace("-", " "))
    total, current, seen = 0, 0, False
    for word in words:
        if word in _EN_UNITS and not (word in ("a", "an") and seen):
            current += _EN_UNITS[word]
            seen = seen or word not in ("a", "an")
        elif word in _EN_SCALES and (seen or current):
            scale = _EN_SCALES[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
            seen = True
        elif word == "and" and seen:
            continue
        elif seen:
            break
        else:
            current = 0
    value = total + current
    return Decimal(value) if seen and value > 0 else None


@dataclass(frozen=True)
class _Candidate:
    value: Decimal
    currency: str | None
    strong: bool  # had a symbol, multiplier or currency word next to it


def _digits_read(raw: str) -> str:
    """`raw` (normalised) with Chinese numerals as digits and "二十块五" as 20.5块."""
    converted = _chinese_to_digits(raw)
    # "二十块五" is 20.50: the digit after 块 is tenths, as people say it.
    return re.sub(r"(\d+)\s*([块塊])(\d)(?![\d.])", r"\1.\3\2", converted)


def states_negative_amount(text: object) -> bool:
    """Whether `text` writes an amount below zero ("-50", "-$50", "minus 50", "negative fifty",
    "负500", "負五百", "减50"). Such an amount is refused as such: never read as the positive one."""
    if text is None:
        return False
    return _NEGATIVE.search(_digits_read(_normalise(str(text))).casefold()) is not None


def is_amount_alone(text: object) -> bool:
    """Whether `text` is an amount and nothing else ("-50", "$1.5k", "五百块", "three hundred"):
    an answer to "how much?", whatever intent the NLU saw in it."""
    if parse_amount(text) is None and not states_negative_amount(text):
        return False
    rest = _NUMBER.sub(" ", _digits_read(_normalise(str(text))).casefold())
    for word, _ in _CURRENCY_WORDS:
        rest = re.sub(
            rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word.isascii() else re.escape(word), " ", rest
        )
    rest = re.sub(rf"(?<![a-z])(?:{_EN_NUMBER_WORDS}|an?)(?![a-z])", " ", rest)
    return not _AMOUNT_ALONE_NOISE.sub("", rest.translate(str.maketrans("", "", "".join(_SYMBOLS))))


# Nothing but zero, with a currency or a word around it ("0", "$0.00", "零元", "zero dollars").
_ZERO = re.compile(r"[^\d]*(?<![\d.])0+(?:\.0+)?(?![\d.])[^\d]*|(?:[^\d]*\s)?zero(?:\s[^\d]*)?")


def currencies_named(text: str) -> list[str]:
    """Every currency a text names, in the order written, each once: "500 USD in CNY" → USD, CNY;
    "美元兑人民币" → USD, CNY. Longer words first, so "欧元" is not also "元"."""
    text = _normalise(text).casefold()
    found: list[tuple[int, str]] = []
    taken = [False] * len(text)
    words = [*((s, c) for s, c in _SYMBOLS.items()), *sorted(_CURRENCY_WORDS, key=lambda item: -len(item[0]))]
    for word, code in words:
        pattern = (
            rf"(?<![a-z]){re.escape(word)}(?![a-z])" if re.fullmatch(r"[a-z ]+", word) else re.escape(word)
        )
        for match in re.finditer(pattern, text):
            if not any(taken[match.start() : match.end()]):
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                found.append((match.start(), code))
    ordered: list[str] = []
    for _, code in sorted(found):
        if code not in ordered:
            ordered.append(code)
    return ordered


def states_zero_amount(text: object) -> bool:
    """Whether `text` is an amount of zero: refused as "must be more than zero", not as no amount."""
    if text is None:
        return False
    return _ZERO.fullmatch(_digits_read(_normalise(str(text))).casefold().strip()) is not None


def parse_amount(text: object) -> ParsedAmount | None:
    """The amount of money in `text`, or None when it holds none (or a negative one, see
    `states_negative_amount`)."""
    if text is None:
        return None
    raw = _normalise(str(text))
    if not raw:
        return None
    named_currency = currency_in(raw)
    converted = _digits_read(raw)
    if _NEGATIVE.search(converted.casefold()):
        return None
    candidates: list[_Candidate] = []
    for match in _NUMBER.finditer(converted):
        before = converted[max(0, match.start() - 1) : match.start()]
        if before == "-" or (before.isalpha() and before.isascii()):
            continue  # "-50" is not an amount to send; "A123" is a reference
        digits = match.group("int").replace(",", "")
        frac = match.group("frac")
        try:
            value = Decimal(f"{digits}.{frac}" if frac else digits)
        except InvalidOperation:
            continue
        mult = (match.group("mult") or "").casefold()
        if mult:
            value *= _MULTIPLIERS[mult]
        after = converted[match.end() : match.end() + 4].casefold()
        symbol = match.group("symbol")
        currency = _SYMBOLS.get(symbol) if symbol else currency_in(after) if after else None
        candidates.append(_Candidate(value, currency, bool(symbol or mult or currency)))
    if not candidates:
        words = _english_words_value(raw)
        return ParsedAmount(words, named_currency) if words else None
    strong = [c for c in candidates if c.strong]
    chosen = (strong or candidates)[-1]
    if chosen.value <= 0:
        return None
    value = chosen.value
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return ParsedAmount(value, chosen.currency or named_currency)
