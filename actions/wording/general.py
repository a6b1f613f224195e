"""Words shared by every area: forms, confirmations, one-time codes, handoff, bank errors."""

MESSAGES: dict[str, dict[str, str]] = {
    "yes": {"en": "Yes", "zh": "确认"},
    "no": {"en": "No", "zh": "取消"},
    "form_cancelled": {
        "en": "OK, I've cancelled that. Nothing was changed.",
        "zh": "好的，已取消，没有做任何更改。",
    },
    "nothing_to_cancel": {"en": "OK.", "zh": "好的。"},
    # A message in the middle of a form that answers nothing and that no rule takes: said before
    # the form asks its question again (actions/forms_base.py `keep_the_turn`).
    "form_side_greet": {"en": "Hello! Let's carry on.", "zh": "您好！我们继续。"},
    "form_side_thank": {"en": "You're welcome.", "zh": "不客气。"},
    "form_side_goodbye": {
        "en": "Before you go: nothing has been done yet. Answer the question to carry on, or say "
        '"cancel" to stop.',
        "zh": "请稍等：这项业务还没有办完。回答下面的问题即可继续，或者说“取消”结束。",
    },
    "form_side_unsupported": {
        "en": "That's something I can't do here; once we're done with this I can put you through to "
        'a person who can. Answer the question to carry on, or say "cancel" to stop.',
        "zh": "这项业务我这里办不了，办完当前这件事后可以为您转人工。"
        "回答下面的问题即可继续，或者说“取消”结束。",
    },
    "form_not_understood": {
        "en": 'Sorry, I didn\'t understand that. Answer the question to carry on, or say "cancel" to stop.',
        "zh": "抱歉，我没有理解。回答下面的问题即可继续，或者说“取消”结束。",
    },
    "code_sent": {
        "en": "For your security I've sent a one-time code to your phone ({phone}). "
        "Please type the 6 digits here.",
        "zh": "为了您的账户安全，我已向您的手机（{phone}）发送一次性验证码，请在这里输入这6位数字。",
    },
    "code_sms": {
        "en": "Your bank one-time code is {code}. It expires in 5 minutes. Never share it, not even "
        "with bank staff.",
        "zh": "您的银行一次性验证码：{code}，5分钟内有效。请勿告诉任何人，包括银行工作人员。",
    },
    "code_not_sent": {
        "en": "Sorry, I couldn't send you a one-time code just now, so I can't go ahead. Please try "
        "again in a few minutes. Nothing was changed.",
        "zh": "抱歉，暂时无法向您发送一次性验证码，本次操作无法继续。请稍后再试，没有做任何更改。",
    },
    "ask_code": {
        "en": "Please type the 6-digit one-time code we sent to your phone.",
        "zh": "请输入发送到您手机的6位一次性验证码。",
    },
    "code_not_digits": {
        "en": "The code is 6 digits, like 123456. Please type it again.",
        "zh": "验证码是6位数字，例如123456，请重新输入。",
    },
    "code_wrong": {
        "en": "That code isn't right. You have {left} attempt(s) left.",
        "zh": "验证码不正确，您还可以再试 {left} 次。",
    },
    "code_expired_resent": {
        "en": "That code has expired, so I've sent you a new one ({phone}). Please type it here.",
        "zh": "验证码已过期，我已重新发送一个新的验证码（{phone}），请在这里输入。",
    },
    "code_locked": {
        "en": "That was the third wrong code, so I've stopped this request for your security. "
        "Nothing was changed.",
        "zh": "验证码已连续三次错误，为了您的账户安全，本次操作已终止，没有做任何更改。",
    },
    "code_limit": {
        "en": "You've asked for more one-time codes than we allow in a short time, so for your "
        "security I can't send another one yet. Please try again in {wait}. Nothing was changed.",
        "zh": "您短时间内申请验证码的次数过多，为了您的账户安全，暂时不能再发送验证码。"
        "请在{wait}后再试，本次没有做任何更改。",
    },
    "wait_minute": {"en": "1 minute", "zh": "1分钟"},
    "wait_minutes": {"en": "{n} minutes", "zh": "{n}分钟"},
    "wait_hours": {"en": "{n} hours", "zh": "{n}小时"},
    "handoff": {
        "en": "I'm passing you to one of my colleagues now; they'll see our conversation and "
        "reply here shortly.",
        "zh": "正在为您转接人工客服，客服人员会看到我们的对话记录，并很快在这里回复您。",
    },
    "err_insufficient_funds": {
        "en": "There isn't enough money in that account: {available} is available.",
        "zh": "该账户余额不足，目前可用余额为 {available}。",
    },
    "err_limit_per_transfer": {
        "en": "That's above the limit for a single transfer, which is {limit}.",
        "zh": "超过了单笔转账限额 {limit}。",
    },
    "err_limit_daily": {
        "en": "That would go over your daily transfer limit of {limit}; you can still send "
        "{remaining} today.",
        "zh": "这会超过您每日 {limit} 的转账限额，今天还可以转 {remaining}。",
    },
    "err_payee_not_found": {
        # A statement: the transfer form then asks who receives the money (the payees are buttons).
        "en": "I couldn't find that payee among your saved payees.",
        "zh": "在您保存的收款人中没有找到这个人。",
    },
    "err_no_payees": {
        "en": "You have no saved payees yet. Please add the payee in online banking first.",
        "zh": "您还没有保存任何收款人，请先在网上银行添加收款人。",
    },
    "err_currency": {
        "en": "That account is in {expected}, so I can only send {expected} from it.",
        "zh": "该账户的币种是 {expected}，只能以 {expected} 转出。",
    },
    "err_account_state": {
        "en": "That account can't be used right now (it is {status}).",
        "zh": "该账户目前无法使用（状态：{status}）。",
    },
    "err_account_not_found": {
        "en": "I couldn't find that account among yours.",
        "zh": "在您的账户中没有找到这个账户。",
    },
    "err_same_account": {
        # Statements: a form then asks its question again; after a submit the form is over.
        "en": "The money would go to the same account it comes from.",
        "zh": "转出和转入是同一个账户。",
    },
    "err_invalid_amount": {
        "en": "That amount doesn't work ({reason}).",
        "zh": "这个金额无法使用（{reason}）。",
    },
    # Why, by the bank's InvalidAmount.code (banking_backend/domain/money.py).
    "amount_reason_invalid": {"en": "it isn't a valid amount", "zh": "金额无效"},
    "amount_reason_not_a_number": {"en": "it isn't a number", "zh": "不是有效的数字"},
    "amount_reason_not_positive": {"en": "it must be more than zero", "zh": "金额必须大于零"},
    "amount_reason_too_large": {"en": "it is far too large", "zh": "金额过大"},
    "amount_reason_too_many_decimals": {
        "en": "{currency} amounts have at most {places} decimal places",
        "zh": "金额最多只能有{places_zh}位小数",
    },
    "amount_reason_unknown_currency": {"en": "the bank doesn't keep {currency}", "zh": "本行不支持该币种"},
    "amount_reason_more_than_owed": {
        "en": "it is more than the card balance owed",
        "zh": "超过了信用卡当前欠款",
    },
    "err_step_up": {
        "en": "Your one-time code was not accepted any more, so nothing was sent. Please start again.",
        "zh": "您的验证已失效，款项没有转出，请重新发起。",
    },
    "err_duplicate": {
        "en": "This request clashes with one you already made, so I didn't send anything. "
        "Please start again.",
        "zh": "这笔请求与您之前的请求冲突，款项没有转出，请重新发起。",
    },
    "err_card_state": {
        "en": "That card is {status}, so I can't {action} it.",
        "zh": "这张卡当前状态为「{status}」，无法{action}。",
    },
    "err_card_not_found": {
        "en": "I couldn't find that card among yours.",
        "zh": "在您的卡中没有找到这张卡。",
    },
    "err_card_limit_bounds": {
        "en": "A daily limit must be between {minimum} and {maximum}.",
        "zh": "每日限额必须在 {minimum} 到 {maximum} 之间。",
    },
    "err_nothing_to_pay": {
        "en": "There's nothing left to pay on that statement.",
        "zh": "本期账单已经还清，无需还款。",
    },
    "err_no_statement": {
        "en": "Your credit card has no statement yet.",
        "zh": "您的信用卡还没有出账单。",
    },
    # A yes the bank cannot match to the operation it stored with the summary: nothing happens.
    "err_operation_missing": {
        "en": "I have no request of yours waiting for that answer, so nothing was done. Please start again.",
        "zh": "没有等待您确认的请求，因此没有执行任何操作。请重新发起。",
    },
    "err_operation_expired": {
        "en": "That request waited too long for your answer, so nothing was done. Please start again.",
        "zh": "该请求等待确认的时间过长，已经失效，没有执行任何操作。请重新发起。",
    },
    "err_operation_cancelled": {
        "en": "That request was cancelled or replaced, so nothing was done.",
        "zh": "该请求已取消或已被新的请求取代，没有执行任何操作。",
    },
    "err_operation_done": {
        "en": "That's already done; nothing was done a second time.",
        "zh": "该操作已经完成，不会重复执行。",
    },
    "err_generic": {
        "en": "Sorry, the bank couldn't do that ({what}). Nothing was changed.",
        "zh": "抱歉，银行无法完成这个操作（{what}），没有做任何更改。",
    },
    "status_active": {"en": "active", "zh": "正常"},
    "status_open": {"en": "open", "zh": "正常"},
    "status_frozen": {"en": "frozen", "zh": "已冻结"},
    "status_closed": {"en": "closed", "zh": "已销户"},
    "status_blocked": {"en": "blocked", "zh": "已冻结"},
    "status_lost": {"en": "reported lost", "zh": "已挂失"},
    "status_stolen": {"en": "reported stolen", "zh": "已报失窃"},
    "status_inactive": {"en": "not yet activated", "zh": "未激活"},
    "status_replaced": {"en": "replaced", "zh": "已更换"},
    "status_compromised": {"en": "blocked as compromised", "zh": "因信息泄露已冻结"},
    "status_temporary": {"en": "temporarily blocked", "zh": "临时冻结"},
    "action_block": {"en": "block", "zh": "冻结"},
    "action_unblock": {"en": "unblock", "zh": "解冻"},
    "action_activate": {"en": "activate", "zh": "激活"},
    "action_change the limit of": {"en": "change the limit of", "zh": "修改限额"},
    "action_order another replacement for": {"en": "order another replacement for", "zh": "再次补办"},
    "action_replace": {"en": "replace", "zh": "补办"},
}
