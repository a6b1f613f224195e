"""Words of the transfer form."""

MESSAGES: dict[str, dict[str, str]] = {
    "ask_from_account": {"en": "Which account should the money come from?", "zh": "从哪个账户转出？"},
    "ask_payee": {"en": "Who would you like to send money to?", "zh": "您想转给谁？"},
    "ask_amount": {"en": "How much would you like to send?", "zh": "您想转多少钱？"},
    "not_an_amount": {
        "en": "I didn't catch an amount there. How much would you like to send (e.g. 250 or 1.5k)?",
        "zh": "没有识别到金额。请问要转多少钱？（例如：500、两千五）",
    },
    "not_a_source_account": {  # said before the form asks again, with the buttons
        "en": "Transfers can go out from your checking or savings account.",
        "zh": "转账只能从活期或储蓄账户转出。",
    },
    "transfer_summary": {
        "en": "Please confirm: send {amount} from {source} to {payee}?",
        "zh": "请确认：从{source}向{payee}转账 {amount}？",
    },
    # What is left said apart from the overdraft: a balance with the overdraft added in reads as
    # money the customer has.
    "summary_left": {
        "en": " {left} will be left in {source}.",
        "zh": "转账后余额为 {left}。",
    },
    "summary_left_overdraft_untouched": {
        "en": " {left} will be left in {source}; your {overdraft} overdraft is still available.",
        "zh": "转账后余额为 {left}，{overdraft} 透支额度不受影响。",
    },
    "summary_into_overdraft": {
        "en": " This takes {source} {below} into your overdraft; {overdraft_left} of your "
        "{overdraft} overdraft will be left.",
        "zh": "转账后{source}将透支 {below}，{overdraft} 透支额度还剩 {overdraft_left}。",
    },
    "transfer_summary_step_up": {
        "en": " You'll need a one-time code for this one.",
        "zh": " 这笔转账需要输入一次性验证码。",
    },
    "transfer_done": {
        "en": "Done: {amount} sent to {payee} from {source} (reference T{id}).",
        "zh": "转账成功：已从{source}向{payee}转出 {amount}（流水号 T{id}）。",
    },
    "transfer_done_replayed": {
        "en": "That transfer was already made: {amount} to {payee} (reference T{id}). I didn't "
        "send it twice.",
        "zh": "这笔转账之前已经完成：向{payee}转出 {amount}（流水号 T{id}），不会重复转账。",
    },
    "transfer_held": {
        "en": "I've recorded the transfer of {amount} to {payee} (reference T{id}), but the bank is "
        "holding it for a security check: {why}. No money has moved yet; you'll hear from us once "
        "it has been reviewed.",
        "zh": "已记录向{payee}转账 {amount}（流水号 T{id}），但银行需要先做安全核查：{why}。"
        "款项尚未转出，审核完成后我们会通知您。",
    },
    # Why the bank holds a transfer (banking_backend/domain/risk.py), as the customer hears it.
    "held_rapid_transfers": {
        "en": "several transfers were made in a short time",
        "zh": "短时间内有多笔转账",
    },
    "held_new_payee_large": {
        "en": "it is a large first payment to this payee",
        "zh": "这是向该收款人的首笔大额转账",
    },
    "held_recent_phone_change": {
        "en": "your phone number was changed recently",
        "zh": "您的手机号码最近有变更",
    },
    "transfer_cancelled": {
        "en": "OK, I've cancelled the transfer. No money was sent.",
        "zh": "好的，已取消这笔转账，没有转出任何款项。",
    },
}
