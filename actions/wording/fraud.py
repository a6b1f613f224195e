"""Words of the fraud path: money the customer did not authorise."""

MESSAGES: dict[str, dict[str, str]] = {
    "request_report_fraud": {"en": "the payment you didn't make", "zh": "处理盗刷/未授权交易"},
    "fraud_urgent": {
        "en": "I'm treating this as urgent. Let's find the payment, protect your card, and get a "
        "colleague from our fraud team on it straight away.",
        "zh": "我们会把这件事作为紧急情况处理：先找到这笔交易、保护好您的卡，并马上请反欺诈团队的同事跟进。",
    },
    "ask_fraud_transaction": {
        "en": "Here are your latest payments out. Which one didn't you make?",
        "zh": "以下是您最近的支出，哪一笔不是您本人操作的？",
    },
    "fraud_no_transactions": {
        "en": "I can't see any recent payments out of your accounts.",
        "zh": "您的账户最近没有支出记录。",
    },
    "fraud_not_listed": {"en": "It's not listed", "zh": "不在列表里"},
    "fraud_transaction_not_recognised": {  # said before the buttons come again
        "en": "Sorry, I couldn't tell which payment you mean. Please pick it, or choose “It's not listed”.",
        "zh": "抱歉，没能确定是哪一笔，请点选，或者选择“不在列表里”。",
    },
    "fraud_transaction_line": {"en": "{date} · {what} · {amount}", "zh": "{date} · {what} · {amount}"},
    "ask_fraud_card": {
        "en": "Shall I block a card right away so nothing more can be spent on it? Which one?",
        "zh": "需要马上冻结哪张卡，防止继续被盗刷吗？",
    },
    "fraud_dont_block": {"en": "Don't block a card", "zh": "不冻结"},
    "ask_fraud_block_confirmed": {
        "en": "Shall I block your {card} now, so nothing more can be spent on it? I'll order you "
        "a replacement card.",
        "zh": "现在就冻结您{card}，防止继续被盗刷吗？我会为您补办新卡。",
    },
    "fraud_card_not_blocked": {
        "en": "OK, I haven't blocked your card.",
        "zh": "好的，没有冻结您的卡。",
    },
    "fraud_stopped": {
        "en": "OK, I've stopped: nothing was reported and no card was blocked. If you see a payment "
        "you don't recognise, tell me at once, or ask for a person.",
        "zh": "好的，已停止：没有立案，也没有冻结卡。如果发现不认识的交易，请随时告诉我，或要求转人工。",
    },
    "fraud_ticket_opened": {
        "en": "I've opened an urgent fraud case, reference {reference}{disputed}. Our fraud team "
        "will act on it by {due}.",
        "zh": "已为您立案（紧急欺诈案件），编号 {reference}{disputed}。反欺诈团队会在 {due} 前处理。",
    },
    "fraud_ticket_disputed": {
        "en": ", for the payment of {amount} on {date}",
        "zh": "，涉及 {date} 的 {amount} 支出",
    },
    "fraud_ticket_failed": {
        "en": "I couldn't open the case in our system just now; my colleague will open it with you.",
        "zh": "系统暂时无法立案，人工客服会为您办理。",
    },
    "fraud_sign_in_or_call": {
        "en": "I'm treating this as urgent. You're not signed in, so I can't see your accounts: "
        "please sign in to online banking and chat with me there, or call the number on the back "
        "of your card at once. I'm also passing you to a colleague now.",
        "zh": "我们会作为紧急情况处理。您尚未登录，我看不到您的账户：请登录网上银行后再与我对话，"
        "或立即拨打卡背面的客服电话。我现在也为您转接人工客服。",
    },
}
