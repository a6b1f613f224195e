"""The one JSON reader for what comes from outside (REST bodies, Telegram updates, the widget's
frames): refuses nesting deeper than MAX_DEPTH before parsing, because the standard decoder
recurses once per level and 50,000 `[` end in a RecursionError (a 500, a dropped socket)."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

# Telegram's deepest Updates (a reply to a message with entities) nest about ten levels.
MAX_DEPTH = 64

# A string, or an unterminated one running to the end: never retried from a later quote, so
# the scan stays linear ('"\\"\\"…' would otherwise be quadratic).
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class UnreadableJson(ValueError):
    """Not JSON, or nested too deeply; `str()` says which, for the sender."""


def nesting_depth(text: str) -> int:
    """How deep the brackets outside strings nest (a string may hold any bracket)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[ch] for ch in brackets), default=0)


def read_json(raw: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed value of UTF-8 JSON; UnreadableJson when it isn't JSON or nests deeper than
    `max_depth`."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes | bytearray) else raw
    except UnicodeDecodeError:
        raise UnreadableJson("The body must be UTF-8 JSON.") from None
    if nesting_depth(text) > max_depth:
        raise UnreadableJson(f"The JSON is nested too deeply (at most {max_depth} levels).")
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise UnreadableJson("The body is not valid JSON.") from None
    return _without_lone_surrogates(value) if "\\u" in text else value


# JSON may spell half of a UTF-16 pair alone ("\ud800"): Python keeps it, and the text cannot be
# encoded again on its way to Rasa (a 500, a dropped socket). It becomes U+FFFD, as a decoder would.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value
