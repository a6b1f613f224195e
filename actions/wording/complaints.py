"""Words of the complaint form."""

MESSAGES: dict[str, dict[str, str]] = {
    "ask_complaint_category": {
        "en": "I'm sorry to hear that. What is the complaint about?",
        "zh": "很抱歉给您带来不便。请问是关于哪方面的投诉？",
    },
    "category_card": {"en": "A card", "zh": "银行卡"},
    "category_transfer": {"en": "A transfer", "zh": "转账"},
    "category_fees": {"en": "Fees or charges", "zh": "费用"},
    "category_account": {"en": "My account", "zh": "账户"},
    "category_service": {"en": "Service or the app", "zh": "服务或APP"},
    "category_fraud": {"en": "Fraud", "zh": "欺诈/盗刷"},
    "category_other": {"en": "Something else", "zh": "其他"},
    "not_a_category": {  # said before the form asks again, with the buttons
        "en": "Sorry, I couldn't tell what it is about.",
        "zh": "抱歉，没能判断投诉的类别。",
    },
    "ask_complaint_description": {
        "en": "Please tell me what happened, in a few sentences.",
        "zh": "请简单描述一下发生了什么。",
    },
    "description_too_short": {
        "en": "Could you tell me a little more about what happened?",
        "zh": "能再详细描述一下发生了什么吗？",
    },
    "complaint_summary": {
        "en": "Shall I record this complaint about {category}: “{description}”?",
        "zh": "请确认是否记录这条关于{category}的投诉：“{description}”？",
    },
    "complaint_not_recorded": {  # the no to the summary
        "en": "OK, I haven't recorded a complaint. Is there anything else I can help with?",
        "zh": "好的，投诉没有记录。还有什么可以帮您？",
    },
    "complaint_recorded": {
        "en": "I've recorded your complaint as {reference}. A colleague will reply by {due}.",
        "zh": "您的投诉已记录，编号 {reference}。我们的同事会在 {due} 前回复您。",
    },
}
