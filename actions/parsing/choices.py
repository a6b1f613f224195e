"""Which account, card, block reason, repayment option or complaint category a customer
means, from an entity value ("savings", "credit", "4821") or their own words."""

from __future__ import annotations

import re
import unicodedata

ACCOUNT_WORDS: dict[str, tuple[str, ...]] = {
    "credit_card": ("credit_card", "credit card account", "cc account", "信用卡账户", "信用卡帳戶"),
    "savings": ("savings", "saving", "储蓄", "儲蓄", "定期"),
    "checking": ("checking", "chequing", "current", "everyday", "main", "活期", "支票"),
}
CARD_WORDS: dict[str, tuple[str, ...]] = {
    "credit": ("credit", "visa", "mastercard", "amex", "信用卡"),
    "debit": ("debit", "bank card", "atm", "借记卡", "借記卡", "储蓄卡", "儲蓄卡", "银行卡", "銀行卡"),
}
BLOCK_REASON_WORDS: dict[str, tuple[str, ...]] = {
    "stolen": ("stolen", "stole", "theft", "robbed", "pickpocket", "被偷", "被盗", "被盜", "偷了",
               "盗了", "抢"),
    "compromised": ("compromised", "fraud", "skimmed", "hacked", "leaked", "unauthori", "suspicious",
                    "盗刷", "盜刷", "泄露", "洩露", "诈骗", "詐騙", "可疑"),
    "lost": ("lost", "lose", "missing", "can't find", "cannot find", "misplaced", "丢", "丟", "遗失",
             "遺失", "找不到", "不见", "不見", "挂失", "掛失"),
    "temporary": ("temporar", "for now", "freeze", "pause", "a while", "暂时", "暫時", "临时", "臨時",
                  "冻结", "凍結"),
}  # fmt: skip
PAY_OPTION_WORDS: dict[str, tuple[str, ...]] = {
    "minimum": ("minimum", "min", "最低", "最少"),
    "statement": ("statement", "full", "whole", "everything", "all of it", "total", "全额", "全額",
                  "全部", "账单金额", "帳單金額", "本期"),
    "amount": ("other", "different", "another amount", "custom", "其他", "其它", "别的金额", "自定义"),
}  # fmt: skip
COMPLAINT_WORDS: dict[str, tuple[str, ...]] = {
    "fraud": ("fraud", "scam", "unauthori", "stolen", "诈骗", "詐騙", "盗刷", "盜刷"),
    "fees": ("fee", "charge", "interest", "手续费", "手續費", "年费", "扣费", "利息"),
    "card": ("card", "atm", "卡"),
    "transfer": ("transfer", "payment", "wire", "转账", "轉賬", "汇款", "匯款"),
    "account": ("account", "statement", "账户", "帳戶"),
    "service": ("service", "staff", "rude", "wait", "app", "website", "branch", "teller", "客服",
                "服务", "服務", "态度", "態度", "网银", "手机银行", "网点", "網點", "柜台", "櫃檯"),
    "other": ("other", "else", "其他", "其它"),
}  # fmt: skip
# Entity values that the NLU data uses for categories the bank files under another name.
COMPLAINT_ALIASES = {"app": "service"}


def _clean(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).casefold().strip()


def _first_match(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    for value, words in table.items():
        if text == value or any(word in text for word in words):
            return value
    return None


# A whole message that only says "stop this" (not "cancel that payment", which may be the answer).
_STOP = re.compile(
    r"^(?:please\s+|pls\s+|ok\s+|oh\s+)?(?:cancel|stop|never\s*mind|nvm|forget\s+it|forget\s+about\s+it|quit|"
    r"abort|i\s+changed\s+my\s+mind|changed\s+my\s+mind|取消|算了|不用了|不报了|不報了|停止|退出|不弄了)"
    r"(?:[\s,，]*(?:it|that|this|please|pls|thanks|thank\s+you|吧|了|啦|谢谢|謝謝))*[\s.!。！,，~]*$"
)


def wants_to_stop(text: object) -> bool:
    """The message only asks to stop what is going on ("cancel", "never mind", "算了吧")."""
    return bool(_STOP.match(_clean(text)))


def last_digits(text: object) -> str | None:
    """The four digits a customer quotes for an account or card ("ending 4821", "尾号4821")."""
    found = re.findall(r"(?<!\d)(\d{4})(?!\d)", _clean(text))
    return found[-1] if found else None


def account_kind(text: object) -> str | None:
    """checking, savings or credit_card."""
    return _first_match(_clean(text).replace("-", " "), ACCOUNT_WORDS)


def card_kind(text: object) -> str | None:
    """debit or credit."""
    return _first_match(_clean(text), CARD_WORDS)


def block_reason(text: object) -> str | None:
    """lost, stolen, compromised or temporary."""
    return _first_match(_clean(text), BLOCK_REASON_WORDS)


# Words that ask for a block without saying why ("freeze my card", 冻结我的卡).
_BLOCKING_WORDS = ("freeze", "冻结", "凍結")


def stated_block_reason(text: object) -> str | None:
    """The reason a customer gave while asking for something else ("I lost my card", "block my
    card, it was stolen"), not read into the words for blocking itself."""
    cleaned = _clean(text)
    for word in _BLOCKING_WORDS:
        cleaned = cleaned.replace(word, " ")
    return _first_match(cleaned, BLOCK_REASON_WORDS)


def pay_option(text: object) -> str | None:
    """minimum, statement or amount (another amount)."""
    cleaned = _clean(text)
    option = _first_match(cleaned, PAY_OPTION_WORDS)
    if option is None and re.search(r"\d|[一二两三四五六七八九十百千万]", cleaned):
        return "amount"
    return option


def complaint_category(text: object) -> str | None:
    """One of the bank's ticket categories."""
    cleaned = _clean(text)
    cleaned = COMPLAINT_ALIASES.get(cleaned, cleaned)
    return _first_match(cleaned, COMPLAINT_WORDS)


def one_time_code(text: object) -> str | None:
    """The six digits of a one-time code, spaces and dashes allowed ("123 456")."""
    digits = re.sub(r"[\s-]", "", _clean(text))
    found = re.findall(r"(?<!\d)(\d{6})(?!\d)", digits)
    return found[-1] if found else None
