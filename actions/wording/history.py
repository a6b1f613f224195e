"""Words of the transaction history."""

MESSAGES: dict[str, dict[str, str]] = {
    "history_header": {
        "en": "Your transactions {period}:",
        "zh": "您{period}的交易记录：",
    },
    "history_period": {"en": "from {start} to {end}", "zh": "{start} 至 {end}"},
    "history_recent": {"en": "(most recent)", "zh": "最近"},
    "history_line": {"en": "• {date} {description}: {amount}", "zh": "• {date} {description}：{amount}"},
    "history_none": {
        "en": "I found no transactions {period}.",
        "zh": "{period}没有交易记录。",
    },
    "history_more": {
        "en": "…and {count} more. The full list is in online banking.",
        "zh": "……还有 {count} 笔，完整记录请在网上银行查看。",
    },
}
