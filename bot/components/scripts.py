"""Which writing system a piece of text is in: pure Python, shared by our Rasa components."""

from __future__ import annotations

import re
from functools import lru_cache

# CJK Unified Ideographs (+ extension A and compatibility ideographs); enough for customer text.
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_LETTERS = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, character for character, so offsets into `text` stay valid.

    OpenCC's phrase tables may change a string's length; a per-character fallback keeps
    the alignment that token offsets and entity annotations rely on.
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(s := _t2s().convert(c)) != 1 else s for c in text)


def has_cjk(text: str) -> bool:
    return CJK_RUN.search(text) is not None


def is_traditional(text: str) -> bool:
    """True when the text holds characters that only traditional Chinese writes this way."""
    cjk = "".join(CJK_RUN.findall(text))
    return bool(cjk) and to_simplified(cjk) != cjk


def detect_language(text: str) -> str | None:
    """'zh' for any Chinese, 'en' for clearly English text, None when the text says nothing.

    Digits, "ok" or a lone button payload must not flip a Chinese customer to English,
    so short Latin-only text without a real word counts as no signal.
    """
    if has_cjk(text):
        return "zh"
    words = re.findall(r"[A-Za-z]{2,}", text)
    if len(words) >= 2 or any(len(w) >= 4 for w in words):
        return "en"
    return None
