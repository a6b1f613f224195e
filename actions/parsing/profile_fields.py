"""Which profile detail a customer means (address, e-mail, phone, language, preferred channel)
and the new value where their words already give it ("以后用中文", "texts instead of telegram",
"my new email is a@b.com"), from an entity value or their own words."""

from __future__ import annotations

import re
import unicodedata

FIELDS = ("address", "email", "phone", "language", "channel")
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "zh": ("中文", "chinese", "mandarin", "普通话", "普通話", "华语", "華語", "汉语", "漢語", "国语",
           "國語", "简体", "簡體", "繁体", "繁體"),
    "en": ("english", "英文", "英语", "英語"),
}  # fmt: skip
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "telegram": ("telegram", "tele", " tg", "电报", "電報"),
    "sms": ("sms", "text", "txt", "短信", "简讯", "簡訊", "短訊"),
    "email": ("e-mail", "email", "mail", "邮件", "郵件", "电邮", "電郵", "邮箱", "郵箱"),
    "phone": ("call", "ring me", "phone me", "打电话", "打電話", "来电", "來電", "电话", "電話"),
    "web": ("app", "online banking", "web", "chat", "网银", "網銀", "网上银行", "網上銀行", "应用", "在线"),
}  # fmt: skip
# Words that make a message about where the bank reaches the customer, not about a detail.
CHANNEL_CUES = ("instead", "rather than", "prefer", "contact me", "reach me", "send me", "notify",
                "notification", "channel", "via ", " by text", " by sms", " by email", " by e-mail",
                "on telegram", "through", "渠道", "方式", "联系我", "聯繫我", "聯絡我", "通知", "改用",
                "发给我", "發給我", "给我发", "給我發", "而不是")  # fmt: skip
# A channel named after one of these is the one the customer no longer wants.
NEGATIONS = ("instead of", "rather than", "not ", "no more", "stop ", "而不是", "不要", "不用", "别用",
             "別用", "别再", "別再", "不再")  # fmt: skip
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "email": ("e-mail", "email", "mail", "邮箱", "郵箱", "电邮", "電郵", "邮件", "郵件", "@"),
    "phone": ("phone number", "mobile number", "my number", "new number", "cell", "mobile", "phone",
              "digits", "手机号", "手機號", "手机号码", "电话号码", "電話號碼", "号码", "號碼",
              "手机", "手機", "电话", "電話"),
    "address": ("address", "addr", "moved", "moving", "move house", "relocat", "postcode", "zip code",
                "地址", "住址", "搬家", "搬了", "搬到", "新家", "住的地方"),
    "language": ("language", "语言", "語言", "lang"),
}  # fmt: skip
EMAIL = re.compile(r"[^\s@<>,;:，。；：（）()]+@[^\s@<>,;:，。；：（）()]+\.[^\s@<>,;:，。；：（）()]+")
PHONE = re.compile(r"\+?\(?\d[\d\s\-().]{5,}\d")


def _clean(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).casefold().strip()


def _mentions(text: str, table: dict[str, tuple[str, ...]]) -> list[tuple[int, str, str]]:
    """(position, value, word) of every word of the table in `text`, first first."""
    found = []
    for value, words in table.items():
        for word in words:
            start = text.find(word)
            while start != -1:
                found.append((start, value, word))
                start = text.find(word, start + 1)
    return sorted(found)


def language_choice(text: object) -> str | None:
    """'en' or 'zh' when the words name one language (the first one named)."""
    if _clean(text) in LANGUAGE_WORDS:
        return _clean(text)
    found = _mentions(_clean(text), LANGUAGE_WORDS)
    return found[0][1] if found else None


def channel_choice(text: object) -> str | None:
    """The channel the customer wants: the first one named that no negation comes just before
    ("texts instead of telegram" -> sms; "不要telegram了，发短信" -> sms)."""
    if _clean(text) in CHANNEL_WORDS:
        return _clean(text)
    cleaned = f" {_clean(text)}"
    for start, value, _word in _mentions(cleaned, CHANNEL_WORDS):
        before = cleaned[max(0, start - 12) : start]
        if not any(negation in before for negation in NEGATIONS):
            return value
    return None


def field_named(text: object) -> str | None:
    """The detail the words are about, or None. Language first ("以后用中文"), then where to be
    reached ("texts instead of telegram"), then e-mail, phone and address (an "email address" is
    an e-mail)."""
    cleaned = _clean(text)
    if cleaned in FIELDS:
        return cleaned
    if not cleaned:
        return None
    if EMAIL.search(cleaned):
        return "email"
    if language_choice(cleaned) or any(word in cleaned for word in FIELD_WORDS["language"]):
        return "language"
    if any(cue in f" {cleaned}" for cue in CHANNEL_CUES) and channel_choice(cleaned):
        return "channel"
    for field in ("email", "phone", "address"):
        if any(word in cleaned for word in FIELD_WORDS[field]):
            return field
    if channel_choice(cleaned) and not phone_number_in(cleaned):
        return "channel"
    return None


def email_in(text: object) -> str | None:
    found = EMAIL.search(unicodedata.normalize("NFKC", str(text or "")))
    return found.group().rstrip(".。") if found else None


def phone_number_in(text: object) -> str | None:
    """A phone number as typed (7 digits or more), for the bank to read and check."""
    for found in PHONE.finditer(unicodedata.normalize("NFKC", str(text or ""))):
        if len(re.sub(r"\D", "", found.group())) >= 7:
            return found.group().strip()
    return None


def value_given(field: str, text: object) -> str | None:
    """The new value, when the customer's words already hold it (never an address: one is
    asked for on its own, so that the whole of it is taken)."""
    if field == "language":
        return language_choice(text)
    if field == "channel":
        return channel_choice(text)
    if field == "email":
        return email_in(text)
    if field == "phone":
        return phone_number_in(text)
    return None
