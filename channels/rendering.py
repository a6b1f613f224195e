"""Rasa's answers in the customer's script: traditional Chinese in, traditional Chinese out."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def writes_traditional(text: str) -> bool | None:
    """True/False when the text shows its Chinese script, None when it shows none: no Chinese,
    or only characters written alike in both ("活期", "好的", "取消" answer in either script)."""
    cjk = "".join(_CJK.findall(text))
    if not cjk:
        return None
    if _converter("t2s").convert(cjk) != cjk:
        return True
    if _converter("s2t").convert(cjk) != cjk:
        return False
    return None


def to_traditional(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    s2t = _converter("s2t").convert
    converted = []
    for message in messages:
        message = dict(message)
        if isinstance(message.get("text"), str):
            message["text"] = s2t(message["text"])
        if isinstance(message.get("buttons"), list):
            message["buttons"] = [
                {**b, "title": s2t(b["title"])} if isinstance(b.get("title"), str) else b
                for b in message["buttons"]
            ]
        converted.append(message)
    return converted
