"""What actions say, in English and Chinese: the actions' catalogue (kernel/texts.py). Templates
use str.format with named fields; each area keeps its words in `actions/wording/<area>.py`."""

from __future__ import annotations

from actions.wording import (
    cards,
    complaints,
    credit_cards,
    form_runs,
    fraud,
    general,
    history,
    knowledge,
    profile,
    requests,
    transfers,
)
from kernel.texts import Catalogue

MESSAGES: dict[str, dict[str, str]] = {
    "sign_in_needed": {
        "en": "I can't see your accounts because you're not signed in. Please sign in to online "
        "banking (or use the app) and chat with me from there.",
        "zh": "您尚未登录，我无法查看您的账户。请先登录网上银行或手机银行，再与我对话。",
    },
    "balances_header": {
        "en": "Here are your balances:",
        "zh": "您的账户余额如下：",
    },
    "balance_line": {
        "en": "• {name} ({masked}): {balance}",
        "zh": "• {name}（{masked}）：{balance}",
    },
    "credit_line": {
        "en": "• {name} ({masked}): {owed} owed, {available} available",
        "zh": "• {name}（{masked}）：已用 {owed}，可用额度 {available}",
    },
    "no_accounts": {
        "en": "You don't have any open accounts with us.",
        "zh": "您目前没有开立的账户。",
    },
    "bank_unavailable": {
        "en": "Sorry, I can't reach our banking system right now. Please try again in a few minutes.",
        "zh": "抱歉，银行系统暂时无法访问，请稍后再试。",
    },
}
_AREAS = (general, transfers, cards, credit_cards, complaints, history, knowledge, form_runs, requests)
for _area in (*_AREAS, fraud, profile):
    MESSAGES.update(_area.MESSAGES)

CATALOGUE = Catalogue(MESSAGES)
text = CATALOGUE.text
