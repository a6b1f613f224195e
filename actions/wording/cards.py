"""Words of the card forms and card questions."""

MESSAGES: dict[str, dict[str, str]] = {
    "card_label": {"en": "{kind} card ending {last4}", "zh": "尾号{last4}的{kind}"},
    "kind_debit": {"en": "debit", "zh": "借记卡"},
    "kind_credit": {"en": "credit", "zh": "信用卡"},
    "ask_which_card": {"en": "Which card do you mean?", "zh": "请问是哪一张卡？"},
    "no_cards": {"en": "You don't have any cards with us.", "zh": "您在我行没有银行卡。"},
    "card_ambiguous": {
        "en": "You have more than one card like that. Which one?",
        "zh": "您有多张这样的卡，请问是哪一张？",
    },
    "ask_block_reason": {
        "en": "Why should the card be blocked?",
        "zh": "请问冻结这张卡的原因是什么？",
    },
    "reason_lost": {"en": "Lost", "zh": "卡丢失"},
    "reason_stolen": {"en": "Stolen", "zh": "卡被盗"},
    "reason_compromised": {"en": "Details compromised", "zh": "卡信息泄露"},
    "reason_temporary": {"en": "Temporary block", "zh": "临时冻结"},
    # Said before the form asks its question again (with the buttons).
    "not_a_reason": {"en": "Sorry, I didn't catch the reason.", "zh": "抱歉，我没听明白原因。"},
    "card_not_recognised": {
        "en": "Sorry, I couldn't tell which card that is.",
        "zh": "抱歉，没能确定是哪一张卡。",
    },
    "block_summary": {
        "en": "Please confirm: block your {card} ({reason})?",
        "zh": "请确认：冻结您{card}（原因：{reason}）？",
    },
    "block_summary_final": {
        "en": " A card reported {reason_word} can't be unblocked; I'll order a replacement.",
        "zh": " 挂失后这张卡不能再解冻，我会为您补办新卡。",
    },
    "block_done": {"en": "Your {card} is blocked now.", "zh": "您{card}已冻结。"},
    "block_done_replacement": {
        "en": " A replacement card ending {last4} is on its way; activate it here when it arrives.",
        "zh": " 新卡（尾号{last4}）正在寄出，收到后可以在这里激活。",
    },
    "block_done_temporary": {
        "en": " You can unblock it here whenever you like.",
        "zh": " 您随时可以在这里为它解冻。",
    },
    "unblock_none": {
        "en": "None of your cards has a temporary block, so there's nothing to unblock. A card "
        "reported lost or stolen can't be unblocked; it is replaced instead.",
        "zh": "您没有临时冻结的卡，无需解冻。挂失或被盗的卡不能解冻，只能补办新卡。",
    },
    "unblock_not_possible": {
        "en": "Your {card} is {status}; only a temporary block can be lifted.",
        "zh": "您{card}的状态是「{status}」，只有临时冻结的卡可以解冻。",
    },
    "unblock_done": {"en": "Your {card} works again.", "zh": "您{card}已解冻，可以正常使用。"},
    "activate_none": {
        "en": "You have no card waiting to be activated.",
        "zh": "您没有需要激活的卡。",
    },
    "ask_activate_last4": {
        "en": "To activate your new card, please type the last 4 digits printed on it.",
        "zh": "激活新卡，请输入卡面上卡号的后4位。",
    },
    "activate_not_digits": {
        "en": "Please type the last 4 digits of the card number, like 1234.",
        "zh": "请输入卡号后4位数字，例如1234。",
    },
    "activate_failed": {
        "en": "Those digits don't match your new card, so it is still inactive. Please check the "
        "card and try again.",
        "zh": "卡号后4位与您的新卡不符，卡片仍未激活。请核对后重试。",
    },
    "activate_done": {"en": "Your {card} is active now.", "zh": "您{card}已激活，可以使用了。"},
    "ask_limit_amount": {
        "en": "What should the new daily limit be? (between {minimum} and {maximum})",
        "zh": "新的每日限额设为多少？（{minimum} 到 {maximum} 之间）",
    },
    "not_a_limit": {
        "en": "I didn't catch an amount. What should the daily limit be?",
        "zh": "没有识别到金额，请问每日限额设为多少？",
    },
    "limit_summary": {
        "en": "Please confirm: change the daily limit of your {card} from {old} to {new}?",
        "zh": "请确认：将您{card}的每日限额从 {old} 改为 {new}？",
    },
    "limit_done": {
        "en": "Done: the daily limit of your {card} is {new} now.",
        "zh": "已完成：您{card}的每日限额现在是 {new}。",
    },
    "not_received_ordered": {
        "en": "Your new {card} has been sent and should arrive within 7 working days of the "
        'order. When it arrives, tell me "activate my card".',
        "zh": "您的新卡（{card}）已寄出，一般在申请后7个工作日内送达。收到后对我说「激活卡片」即可。",
    },
    "not_received_none": {
        "en": "I can't see any card on its way to you. If you were expecting one, I can put you "
        "through to a colleague.",
        "zh": "目前没有正在寄送给您的卡。如果您在等新卡，我可以为您转接人工客服。",
    },
    "declined_header": {
        "en": "Here's what I can see on your cards:",
        "zh": "您的卡片情况如下：",
    },
    "declined_blocked": {
        "en": "• {card} is {status}: payments with it are declined.",
        "zh": "• {card}状态为「{status}」，使用时会被拒绝。",
    },
    "declined_inactive": {
        "en": '• {card} isn\'t activated yet: say "activate my card" to do it.',
        "zh": "• {card}尚未激活，对我说「激活卡片」即可激活。",
    },
    "declined_limit": {
        "en": "• {card} has a daily limit of {limit}: a payment above it is declined.",
        "zh": "• {card}每日限额为 {limit}，超过限额的交易会被拒绝。",
    },
    "declined_funds": {
        "en": "• {card} draws on an account with only {available} available.",
        "zh": "• {card}关联账户可用余额只有 {available}。",
    },
    "declined_ok": {
        "en": "• {card} is active, with a daily limit of {limit} and {available} available.",
        "zh": "• {card}状态正常，每日限额 {limit}，可用余额 {available}。",
    },
    "declined_footer": {
        "en": "A merchant can also decline for its own reasons. If none of this explains it, "
        "I can pass you to a colleague.",
        "zh": "商户也可能因自身原因拒绝交易。如果以上都不是原因，我可以为您转接人工客服。",
    },
    "pin_help": {
        "en": "For your security I never see or send PINs. You can reset your PIN in the app "
        "(Cards → Reset PIN) or at any of our ATMs with your card and a one-time code.",
        "zh": "为了您的安全，我无法查看或发送密码。您可以在手机银行（卡片 → 重置密码）或在我行任意ATM"
        "凭卡和一次性验证码重置密码。",
    },
    "pin_card_blocked": {
        "en": " Note that your {card} is {status}, so a new PIN won't make it work.",
        "zh": " 请注意，您{card}的状态是「{status}」，重置密码后也无法使用。",
    },
}
