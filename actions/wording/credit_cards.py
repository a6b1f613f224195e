"""Words of the credit-card bill and the repayment form."""

MESSAGES: dict[str, dict[str, str]] = {
    "bill": {
        "en": "Your credit card statement ({start} – {end}): {statement} in total, minimum "
        "payment {minimum}, due {due}. Still to pay on it: {remaining}. Owed now, with spending "
        "since: {current}; available credit {available}.",
        "zh": "您的信用卡账单（{start} 至 {end}）：账单金额 {statement}，最低还款额 {minimum}，"
        "到期还款日 {due}。本期尚未还款 {remaining}。目前总欠款（含账单日后消费）{current}，"
        "可用额度 {available}。",
    },
    "no_credit_card": {
        "en": "You don't have a credit card account with us.",
        "zh": "您在我行没有信用卡账户。",
    },
    "ask_pay_option": {
        "en": "How much would you like to pay: the minimum ({minimum}), the statement balance "
        "({statement}), or another amount?",
        "zh": "您想还多少：最低还款额（{minimum}）、账单全额（{statement}），还是其他金额？",
    },
    "option_minimum": {"en": "Minimum {amount}", "zh": "最低还款 {amount}"},
    "option_statement": {"en": "Statement balance {amount}", "zh": "账单全额 {amount}"},
    "option_amount": {"en": "Another amount", "zh": "其他金额"},
    # Said before the form asks its question again (with the choices).
    "not_an_option": {
        "en": "Sorry, I didn't catch how much you'd like to pay.",
        "zh": "抱歉，没听明白您想还多少。",
    },
    "not_a_pay_source": {
        "en": "Payments can come from your checking or savings account.",
        "zh": "还款只能从活期或储蓄账户扣款。",
    },
    "ask_pay_amount": {"en": "How much would you like to pay?", "zh": "您想还多少钱？"},
    "pay_amount_too_high": {
        "en": "That's more than you owe ({owed}).",
        "zh": "超过了您目前的欠款（{owed}）。",
    },
    "ask_pay_from": {
        "en": "Which account should the payment come from?",
        "zh": "从哪个账户还款？",
    },
    "pay_summary": {
        "en": "Please confirm: pay {amount} to your credit card from {source}?",
        "zh": "请确认：从{source}还款 {amount} 到您的信用卡？",
    },
    "pay_done": {
        "en": "Done: {amount} paid to your credit card from {source}. Still to pay on the "
        "statement: {remaining}.",
        "zh": "还款成功：已从{source}还款 {amount}。本期账单尚需还款 {remaining}。",
    },
    "pay_cancelled": {
        "en": "OK, no payment was made.",
        "zh": "好的，已取消，没有进行还款。",
    },
}
