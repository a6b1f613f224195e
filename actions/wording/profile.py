"""Words of the customer's profile: viewing and changing contact details, language and channel,
the phone change's two codes, and a lost phone (signing out everywhere)."""

MESSAGES: dict[str, dict[str, str]] = {
    "field_address": {"en": "address", "zh": "地址"},
    "field_email": {"en": "e-mail", "zh": "邮箱"},
    "field_phone": {"en": "phone number", "zh": "手机号"},
    "field_language": {"en": "language", "zh": "语言"},
    "field_channel": {"en": "preferred channel", "zh": "首选联系方式"},
    "language_en": {"en": "English", "zh": "英文"},
    "language_zh": {"en": "Chinese", "zh": "中文"},
    "channel_web": {"en": "online banking and the app", "zh": "网银和手机银行"},
    "channel_sms": {"en": "text message (SMS)", "zh": "短信"},
    "channel_telegram": {"en": "Telegram", "zh": "Telegram"},
    "channel_phone": {"en": "a phone call", "zh": "电话"},
    "channel_email": {"en": "e-mail", "zh": "电子邮件"},
    "segment_standard": {"en": "standard", "zh": "标准客户"},
    "segment_premium": {"en": "premium", "zh": "贵宾客户"},
    "not_given": {"en": "none on file", "zh": "未登记"},
    "ask_profile_field": {
        "en": "Which detail would you like to change?",
        "zh": "请问您要修改哪一项资料？",
    },
    "profile_field_unclear": {
        "en": "Sorry, I can change your address, e-mail, phone number, language or how we contact you.",
        "zh": "抱歉，我可以修改的是：地址、邮箱、手机号、语言或联系方式。",
    },
    "ask_new_address": {
        "en": "What's your new address? Please type it in full, with the postcode.",
        "zh": "请输入您的新地址（完整地址，含邮编）。",
    },
    "ask_new_email": {"en": "What's your new e-mail address?", "zh": "请输入您的新邮箱地址。"},
    "ask_new_phone": {
        "en": "What's your new phone number? Include the country code if it's from another country "
        "(e.g. +65 9123 4567).",
        "zh": "请输入您的新手机号（如果不是同一个国家/地区的号码，请加国家代码，如 +86 138 0013 8000）。",
    },
    "ask_new_language": {
        "en": "Which language should I use with you: English or Chinese?",
        "zh": "以后用哪种语言和您沟通：中文还是英文？",
    },
    "ask_new_channel": {
        "en": "How should we contact you first: online banking and the app, SMS, Telegram, a phone "
        "call or e-mail?",
        "zh": "我们优先通过哪种方式联系您：网银和手机银行、短信、Telegram、电话还是电子邮件？",
    },
    "address_invalid": {
        "en": "That doesn't look like a full address. Please type the street and number, the town "
        "and the postcode.",
        "zh": "这看起来不是完整的地址，请输入街道门牌、城市和邮编。",
    },
    "email_invalid": {
        "en": "That doesn't look like an e-mail address (something like name@example.com).",
        "zh": "这看起来不是有效的邮箱地址（格式如 name@example.com）。",
    },
    "phone_invalid": {
        "en": "That doesn't look like a phone number. Please type the number with its country code, "
        "e.g. +65 9123 4567.",
        "zh": "这看起来不是有效的手机号，请加上国家代码输入，例如 +86 138 0013 8000。",
    },
    "phone_unavailable": {
        "en": "I can't move you to that number (it may be the one you have already). Please type "
        "another number.",
        "zh": "无法改用这个号码（可能就是您现在的号码）。请输入另一个号码。",
    },
    "language_unclear": {
        "en": "Sorry, I can speak English or Chinese with you.",
        "zh": "抱歉，我可以用中文或英文为您服务。",
    },
    "channel_unclear": {
        "en": "Sorry, I didn't catch which way you'd like to be contacted.",
        "zh": "抱歉，没听明白您想用哪种方式联系。",
    },
    "profile_summary": {
        "en": "{name}, please confirm: change your {field} from {old} to {new}?",
        "zh": "{name}，请确认：把您的{field}从「{old}」改为「{new}」？",
    },
    "profile_same": {
        "en": "That's already your {field}, so there's nothing to change.",
        "zh": "您的{field}已经是这个了，无需修改。",
    },
    "profile_done": {
        "en": "Done, {name}: your {field} is now {new}.",
        "zh": "{name}，已为您修改：您的{field}现在是「{new}」。",
    },
    "profile_not_changed": {
        "en": "All right, I haven't changed anything.",
        "zh": "好的，资料没有做任何修改。",
    },
    "channel_needs_telegram": {
        "en": "To be reached on Telegram, link your Telegram first (write to our bot there); "
        "nothing was changed.",
        "zh": "要通过 Telegram 联系您，请先绑定 Telegram（在 Telegram 上给我们的机器人发消息）；资料未修改。",
    },
    "channel_needs_email": {
        "en": 'To be reached by e-mail we need your e-mail address first — say "change my e-mail". '
        "Nothing was changed.",
        "zh": "要通过电子邮件联系您，需要先登记邮箱——可以说“修改邮箱”。资料未修改。",
    },
    "phone_codes_sent": {
        "en": "To make sure both numbers are yours, I've sent a 6-digit code to your current number "
        "{old} and another to the new number {new}. What's the code sent to your current number {old}?",
        "zh": "为确认两个号码都是您本人的，我已向您现在的号码 {old} 和新号码 {new} 各发送了一个6位验证码。"
        "请输入发到现在号码 {old} 的验证码。",
    },
    "ask_old_phone_code": {
        "en": "What's the code sent to your current number?",
        "zh": "请输入发到您现在号码的验证码。",
    },
    "ask_new_phone_code": {
        "en": "Thanks. Now the code sent to your new number {new}?",
        "zh": "谢谢。现在请输入发到新号码 {new} 的验证码。",
    },
    "phone_code_wrong": {
        "en": "That code isn't right ({left} tries left). Please check the text and type it again; "
        "your number is not changed yet.",
        "zh": "验证码不正确（还可以试{left}次）。请核对短信后重新输入；号码尚未修改。",
    },
    "phone_change_expired": {
        "en": 'That code has expired, so your phone number is not changed. Say "change my number" '
        "to start again and I'll send new codes.",
        "zh": "验证码已过期，手机号未修改。如需修改，请说“改手机号”重新开始，我会发送新的验证码。",
    },
    "phone_change_locked": {
        "en": "That's too many wrong codes, so I've stopped the change: your phone number is not changed.",
        "zh": "验证码错误次数过多，修改已停止：您的手机号没有变更。",
    },
    "phone_done": {
        "en": "Done, {name}: both codes were right and your phone number is now {new}. Codes and "
        "texts from us go there from now on.",
        "zh": "{name}，两个验证码都正确，您的手机号已改为 {new}。以后验证码和短信都会发到这个号码。",
    },
    "profile_view": {
        "en": "Here's what we have for you, {name}:\n• Phone: {phone}\n• E-mail: {email}\n"
        "• Address: {address}\n• Language: {language_name}\n• We contact you by: {channel}\n"
        'For your safety I show only the end of each. Say "change my address" (or e-mail, '
        "number, language) to update one.",
        "zh": "{name}，您登记的资料如下：\n• 手机号：{phone}\n• 邮箱：{email}\n• 地址：{address}\n"
        "• 语言：{language_name}\n• 联系方式：{channel}\n"
        "为了安全，每项只显示末尾部分。如需修改，可以说“改地址”（或邮箱、手机号、语言）。",
    },
    "lost_phone_offer": {
        "en": "I'm sorry about your phone. I can sign you out of online banking and the app on every "
        "device right away, and unlink Telegram: whoever has the phone can no longer use your "
        "banking from it. You'll need to sign in again yourself, this chat included. Shall I do it?",
        "zh": "很抱歉您的手机出了问题。我可以立即让您的网银和手机银行在所有设备上退出登录，并解除 Telegram "
        "绑定：拿到手机的人就无法再用它操作您的账户。之后您需要重新登录（包括这个对话）。现在就办理吗？",
    },
    "lost_phone_declined": {
        "en": "All right, I haven't signed anything out. If you change your mind, just say "
        '"sign me out everywhere".',
        "zh": "好的，没有退出任何登录。如果改变主意，随时说“全部退出登录”。",
    },
    "signed_out_everywhere": {
        "en": "Done, {name}: every online-banking, app and chat session of yours is signed out, on "
        "every device{telegram}. Anything waiting for your yes was cancelled. Sign in again with "
        "your password to go on.",
        "zh": "{name}，已办理：您在所有设备上的网银、手机银行和对话登录都已退出{telegram}。"
        "等待您确认的操作已取消。请用密码重新登录后继续。",
    },
    "signed_out_telegram": {
        "en": ", and your Telegram is unlinked",
        "zh": "，Telegram 也已解除绑定",
    },
    "lost_phone_next": {
        "en": "Were your cards on the phone (or with it)? I can block them now. I can also put you "
        "through to a person. If a SIM card was in it, ask your carrier to block the SIM too.",
        "zh": "手机里（或手机旁）有您的银行卡吗？我可以马上为您冻结。也可以为您转接人工客服。"
        "如果手机里有 SIM 卡，也请联系运营商挂失。",
    },
    "button_block_cards": {"en": "Block a card", "zh": "冻结银行卡"},
    "button_person": {"en": "Talk to a person", "zh": "转人工客服"},
    "button_no_thanks": {"en": "No, thanks", "zh": "不用了"},
}
