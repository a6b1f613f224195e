"""The house's one masking rule, for logs, transcripts and stores: card, account and phone numbers
show only their last four digits ("••••1234"); references, dates, times and money amounts stay as
they are. A one-time code is masked wholly, but only where the customer was asked for one: out of
that context a short digit string is just a number ("500", "send 800").

Pure Python, standard library only: the Rasa runtime (Python 3.10, bot/tracker_masking.py) and
our own (3.11) import the same module."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

MASK = "••••"

# What looks like a number but is not a customer's; each is also where a number written before it
# ends ("account 12345678 on 2026-11-29": the date is not more of its digits).
_DAY, _MONTH, _YEAR = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])", r"(?:19|20)\d\d"
_DATES = [
    *(rf"{_YEAR}{s}{_MONTH}{s}{_DAY}" for s in ("-", "/", r"\.")),  # 2026-11-29, 2026/11/29
    *(rf"{_DAY}{s}{_DAY}{s}{_YEAR}" for s in ("-", "/", r"\.")),  # 29/11/2026, 11/29/2026
]
_TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"  # 14:27, 14:27:05
_MONEY = [
    r"(?:[$¥￥€£]|(?:USD|CNY|RMB|HKD|EUR|GBP)\s?)\s?\d[\d,]*(?:\.\d+)?",  # $8,009.29, ¥500, USD 1000000
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?",  # 1,000.00
    r"\d+\.\d{1,2}(?![\d.])",  # 1000000.00
    r"\d+(?:\.\d+)?\s?(?:元|块|塊|美元|dollars?\b)",  # 800元, 1000000 元
]
_SPARED_NUMBER = "(?:" + "|".join([*_DATES, _TIME, *_MONEY]) + r")(?!\d)"
# A reference: capitals, then digits, in dashed parts (CMP-20261129-0001, T1234567).
_REFERENCE = r"(?<![A-Za-z0-9])[A-Z]{1,6}-?\d[A-Z0-9]*(?:-[A-Z0-9]+)*(?![A-Za-z0-9])"
# A number: digits grouped by single spaces, dashes or dots, perhaps after '+' and with an area
# code in brackets; never running on into a date, a time or an amount.
_NUMBER = (
    r"(?<!\d)(?:\+\s?)?(?:\(\d{1,5}\)\s?)?\d+"
    rf"(?:(?:[ \-.]|\s?\(\d{{1,5}}\)\s?)(?!{_SPARED_NUMBER})\d+)*(?!\d)"
)
# Whichever starts first wins; where both start at one place, the spared thing.
_TEXT = re.compile(rf"(?P<spared>(?<![\d,.]){_SPARED_NUMBER}|{_REFERENCE})|(?P<number>{_NUMBER})")
_DIGIT_RUN = re.compile(r"\d+")


def last_four(number: str) -> str:
    """A card, account or phone number (grouped or not) as the house shows it: "••••1234"."""
    return MASK + re.sub(r"\D", "", number)[-4:]


def mask_email(email: str) -> str:
    """An e-mail address as the house shows it in logs and records: its first character and its
    domain ("a••••@example.com"); the domain says which provider, not who."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local:
        return MASK
    return f"{local[0]}{MASK}@{domain}"


def mask_address(address: str) -> str:
    """A postal address in logs and records: its last four characters only ("••••4105",
    "••••100号"), the "last four" rule of numbers applied to the text."""
    compact = " ".join(address.split())
    return MASK + compact[-4:] if compact else MASK


def mask_text(text: str) -> str:
    """`text` with each card, account and phone number in it reduced to its last four digits."""
    return _TEXT.sub(_masked, text) if _DIGIT_RUN.search(text) else text


def mask_code(text: str) -> str:
    """A message that answers "what is the code?": every digit run is hidden, none shown."""
    return _DIGIT_RUN.sub(MASK, text)


def mask_value(value: Any, mask: Callable[[str], str] = mask_text) -> Any:
    """Strings anywhere in `value` (a slot's or an entity's value: text, number, list, dict)
    masked; a number that the rule would mask becomes its masked text."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        masked = mask(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, list):
        return [mask_value(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v, mask) for k, v in value.items()}
    return value


def _masked(match: re.Match[str]) -> str:
    if match.group("spared") is not None:
        return match.group(0)
    span = match.group(0)
    groups = _DIGIT_RUN.findall(span)
    if span.startswith("+") or "(" in span:  # a phone number, international or with its area code
        return last_four(span) if sum(map(len, groups)) >= 7 else span
    if len(groups) > 1 and any(len(g) >= 7 for g in groups):
        # Numbers side by side ("account 620000044201 500"): no card is grouped so; each alone.
        return _DIGIT_RUN.sub(lambda run: _masked_digits(run.group()), span)
    return _masked_digits(span)


def _masked_digits(number: str) -> str:
    return last_four(number) if _private(re.sub(r"\D", "", number)) else number


def _private(digits: str) -> bool:
    """A card number (13 to 19 digits that pass the Luhn check), or 7 to 12 digits (an account or
    a phone number), or 20 and more (a long account number). 13 to 19 digits that are not a card
    are a reference."""
    if 13 <= len(digits) <= 19:
        return _luhn(digits)
    return len(digits) >= 7


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def mask_log_records() -> None:
    """Every log record this process makes is masked when it is made, whichever logger made it
    and whichever handler writes it (the action server's and Rasa's are configured by their
    libraries, not by us). Idempotent."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_numbers", False):
        return

    def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _mask_record(record)
        return record

    masked_record.masks_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked_record)


def _mask_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed call: logging itself reports it when it writes
        return
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, None
