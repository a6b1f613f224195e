"""Masks card, account and phone numbers in free text to their last four digits, the house
rule for transcripts and logs."""

from __future__ import annotations

import re

# A run of 7 or more digits, possibly grouped by spaces, dashes or dots, with an optional
# leading + (phone numbers). Amounts like "1,250.00" or "800" are too short to match.
_NUMBER = re.compile(r"(?<![\w])\+?\d(?:[ \-.]?\d){6,}(?![\w])")
# ...but a date such as 2026-03-16 or 2026.03.16 is not a customer's number.
_DATE = re.compile(r"\d{4}([-.])\d{2}\1\d{2}")


def mask_numbers(text: str) -> str:
    """Replace each long number in `text` by •••• and its last four digits."""

    def _mask(match: re.Match[str]) -> str:
        if _DATE.fullmatch(match.group(0)):
            return match.group(0)
        digits = re.sub(r"\D", "", match.group(0))
        return f"••••{digits[-4:]}"

    return _NUMBER.sub(_mask, text)
