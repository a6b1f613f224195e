"""Words of the knowledge base's answers: the lines the bank's figures are told in."""

MESSAGES: dict[str, dict[str, str]] = {
    "kb_fee_fixed": {"en": "• {name}: {amount}", "zh": "• {name}：{amount}"},
    "kb_fee_free": {"en": "• {name}: free", "zh": "• {name}：免费"},
    "kb_fee_percent": {"en": "• {name}: {percent}% of the amount", "zh": "• {name}：金额的 {percent}%"},
    "kb_fee_minimum": {"en": ", at least {amount}", "zh": "，最低 {amount}"},
    "kb_fee_maximum": {"en": ", at most {amount}", "zh": "，最高 {amount}"},
    "kb_fee_waived": {"en": " (waived for you as a premium customer)", "zh": "（您是尊享客户，免收）"},
    "kb_fee_premium": {"en": " (waived for premium customers)", "zh": "（尊享客户免收）"},
    "kb_fee_none": {"en": "• (no such fee)", "zh": "• （无此项收费）"},
    "kb_rate_line": {
        "en": "• {name}: {rate}% {kind}{minimum}",
        "zh": "• {name}：年利率 {rate}%{kind}{minimum}",
    },
    "kb_rate_minimum": {"en": ", from {amount}", "zh": "，起存/起借 {amount}"},
    "kb_rate_kind_aer": {"en": "AER", "zh": ""},
    "kb_rate_kind_fixed": {"en": "fixed", "zh": "（固定）"},
    "kb_rate_kind_apr": {"en": "APR", "zh": "（年化）"},
    "kb_as_of": {"en": "(rates as of {date})", "zh": "（{date} 的利率）"},
    "kb_fx_conversion": {
        "en": "{amount} is {converted} at today's rate of 1 {base} = {rate} {quote} "
        "(as of {date}, a mid rate; the conversion fee is apart).",
        "zh": "{amount} 按今日汇率 1 {base} = {rate} {quote} 约合 {converted}"
        "（{date} 的中间价，兑换手续费另计）。",
    },
    "kb_fx_rate": {"en": "• 1 {base} = {rate} {quote}", "zh": "• 1 {base} = {rate} {quote}"},
    "kb_fx_header": {"en": "Exchange rates as of {date} (mid rates):", "zh": "{date} 的汇率（中间价）："},
    "kb_fx_unknown": {
        "en": "I don't have a rate for {base} to {quote}.",
        "zh": "暂时没有 {base} 兑 {quote} 的汇率。",
    },
    "kb_branch": {
        "en": "• {name}, {address} — today {hours}{now}{phone}",
        "zh": "• {name}，{address}——今天 {hours}{now}{phone}",
    },
    "kb_branch_on": {
        "en": "• {name}, {address} — {days}{phone}",
        "zh": "• {name}，{address}——{days}{phone}",
    },
    "kb_branch_closed_today": {"en": "closed", "zh": "不营业"},
    "kb_branch_all_day": {"en": "open 24 hours", "zh": "24小时营业"},
    "kb_branch_open_now": {"en": " (open now)", "zh": "（现在营业中）"},
    "kb_branch_closed_now": {"en": " (closed now)", "zh": "（现在已关门）"},
    "kb_branch_phone": {"en": ", tel. {phone}", "zh": "，电话 {phone}"},
    "kb_branch_week": {"en": "  {days}", "zh": "  {days}"},
    "kb_branch_none": {
        "en": "I found no branch or ATM in “{place}”; these are the ones we have:",
        "zh": "“{place}”没有找到网点或ATM，我们现有的网点如下：",
    },
    "kb_limits_transfer": {
        "en": "• {currency}: up to {per_transfer} per transfer and {daily} a day; "
        "a one-time code above {step_up}",
        "zh": "• {currency}：单笔最高 {per_transfer}，每日最高 {daily}；超过 {step_up} 需要验证码",
    },
    "kb_limits_today": {
        "en": " — you have sent {sent} today, {left} left",
        "zh": "——您今天已转出 {sent}，还可转 {left}",
    },
    "kb_limits_card": {
        "en": "• Your {kind} card ending {last4}: {limit} a day",
        "zh": "• 您尾号 {last4} 的{kind}卡：每日 {limit}",
    },
}

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
