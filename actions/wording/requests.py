"""Words for several requests in one message: what each request is called, the promise to come
back to the others, and the moment each is served."""

MESSAGES: dict[str, dict[str, str]] = {
    "requests_noted": {
        "en": "I'll deal with {first} first, and then {rest} right after.",
        "zh": "我先为您办理{first}，随后马上为您{rest}。",
    },
    "requests_noted_in_form": {
        "en": "I'll see to {rest} as soon as we've finished this.",
        "zh": "办完当前这件事，我马上为您{rest}。",
    },
    "request_now": {
        "en": "Now for {request}, as you asked:",
        "zh": "接下来为您办理您刚才提到的{request}：",
    },
    "requests_still_waiting": {
        "en": "I haven't forgotten {rest}: I'll come back to it once this is done.",
        "zh": "您之前提到的{rest}我没有忘记，办完这件事就为您处理。",
    },
    "requests_for_colleague": {
        "en": "You also asked about {rest}: my colleague can help you with that too.",
        "zh": "您还提到了{rest}，人工客服也可以一并为您处理。",
    },
    "and": {"en": " and ", "zh": "和"},
    "request_block_card": {"en": "blocking your card", "zh": "冻结银行卡"},
    "request_check_balance": {"en": "your balance", "zh": "查询余额"},
    "request_transfer_money": {"en": "your transfer", "zh": "转账"},
    "request_transaction_history": {"en": "your recent transactions", "zh": "查询交易记录"},
    "request_unblock_card": {"en": "unblocking your card", "zh": "解冻银行卡"},
    "request_activate_card": {"en": "activating your card", "zh": "激活银行卡"},
    "request_card_not_received": {"en": "the card you haven't received", "zh": "查询未收到的银行卡"},
    "request_card_declined": {"en": "your declined card", "zh": "查询银行卡被拒的原因"},
    "request_card_pin": {"en": "your PIN", "zh": "银行卡密码问题"},
    "request_card_limit": {"en": "your card limit", "zh": "修改银行卡额度"},
    "request_credit_card_bill": {"en": "your credit-card bill", "zh": "查询信用卡账单"},
    "request_pay_credit_card": {"en": "paying your credit card", "zh": "偿还信用卡"},
    "request_report_complaint": {"en": "your complaint", "zh": "记录投诉"},
    "request_request_human": {"en": "putting you through to a person", "zh": "转接人工客服"},
}
