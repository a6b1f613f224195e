"""What the gateway itself says (not the bot), in English and Chinese: the gateway's catalogue
(kernel/texts.py). Most of it goes to someone whose language the gateway does not know yet (an
SMS from any number, a Telegram chat before linking, an anonymous REST client), so the constants
below are both languages joined (`both`); a template's {fields} are filled by the caller."""

from __future__ import annotations

from kernel.texts import Catalogue

CATALOGUE = Catalogue(
    {
        "sms_help": {
            "en": (
                "Bank assistant: text your question, e.g. 'balance'. Reply with a number to pick an "
                "option. STOP to stop messages, START to resume."
            ),
            "zh": "银行助手：直接发送问题；回复STOP退订。",
        },
        "sms_unknown_number": {
            "en": (
                "This number is not registered with us. Please sign in to online banking to chat, or call us."
            ),
            "zh": "此号码未在本行登记，请登录网上银行。",
        },
        "sms_opted_out": {
            "en": (
                "You will get no more texts from the bank assistant. Text START to get them again. (To "
                "cancel a request, reply with its number instead.)"
            ),
            "zh": "您已退订银行助手短信，回复START可恢复。",
        },
        # Under a numbered list of choices: "Reply 1 or 2." / "Reply 1 to 4."
        "sms_reply_with_number": {
            "en": "Reply {numbers}.",
            "zh": "请回复数字 1-{last}。",
        },
        "sms_resubscribed": {
            "en": "You will receive messages from the bank assistant again.",
            "zh": "已恢复接收消息。",
        },
        "too_long": {
            "en": "Your message is too long for the assistant; please send a shorter one.",
            "zh": "消息太长，请发送更短的消息。",
        },
        # The widget sent a frame the gateway cannot read ({why}: binary, not JSON, nested too deeply).
        "unreadable_frame": {
            "en": "Sorry, the chat could not read that message ({why}).",
            "zh": "抱歉，无法读取该消息。",
        },
        "signout_form_expired": {
            "en": (
                'This sign-out did not come from your online-banking page: <a href="/">go back</a> and '
                "use its Sign out button."
            ),
            "zh": "退出请求并非来自您的网上银行页面，请返回页面点击“退出”。",
        },
        "signin_form_expired": {
            "en": (
                'This sign-in form has expired or came from another site: please <a href="/signin">sign '
                "in again</a>."
            ),
            "zh": "登录页面已失效，请重新登录。",
        },
        "bot_unavailable": {
            "en": "Sorry, our assistant is not available right now. Please try again in a moment.",
            "zh": "抱歉，智能助手暂时无法使用，请稍后再试。",
        },
        # Rasa handled the message and the bot said nothing (a defect, counted in /metrics).
        "lost_track": {
            "en": "Sorry, I lost track. Could you say that again?",
            "zh": "抱歉，我刚才没跟上，您能再说一遍吗？",
        },
        "answer_lost": {
            "en": (
                "Sorry, I couldn't answer your last message: our system restarted while it was on its "
                "way. Please send it again."
            ),
            "zh": "抱歉，系统刚刚重启，没能回复您的上一条消息，请再发送一次。",
        },
        "telegram_welcome": {
            "en": (
                "Hello! I'm the bank assistant. To see your own accounts here, link this chat once: /link "
                "<your registered phone number>, e.g. /link +14155550101, then /code <the code we text "
                "you>."
            ),
            "zh": "您好！绑定账户：/link 手机号，然后 /code 验证码。",
        },
        "telegram_link_usage": {
            "en": "Send /link followed by your registered phone number, e.g. /link +14155550101.",
            "zh": "用法：/link 手机号",
        },
        # Also the answer when the bank refused to send another code (too many lately): a different
        # answer would tell the chat that the number is a customer's.
        "telegram_code_sent": {
            "en": (
                "If that number is registered with us, we have texted it a one-time code, unless it was "
                "sent too many codes lately (then please try again later). Send it here as /code 123456."
            ),
            "zh": "如该号码已登记，验证码已发送（如近期申请过多，请稍后再试），请回复 /code 验证码。",
        },
        "telegram_code_usage": {
            "en": "Send /code followed by the 6-digit code we texted you.",
            "zh": "用法：/code 验证码",
        },
        "telegram_no_link_pending": {
            "en": "Please start with /link <your phone number>.",
            "zh": "请先发送 /link 手机号。",
        },
        "telegram_linked": {
            "en": "Done: this Telegram account is now linked to your bank profile.",
            "zh": "绑定成功。",
        },
        "telegram_code_wrong": {
            "en": "That code is not right; {left} attempt(s) left.",
            "zh": "验证码错误，还可尝试 {left} 次。",
        },
        "telegram_code_expired": {
            "en": "That code has expired or was used up; send /link again.",
            "zh": "验证码已失效，请重新 /link。",
        },
        "telegram_already_linked_elsewhere": {
            "en": "This Telegram account is already linked to another bank profile.",
            "zh": "此Telegram账户已绑定其他客户。",
        },
        "telegram_link_unavailable": {
            "en": "Linking is not available right now.",
            "zh": "暂时无法绑定。",
        },
        "telegram_text_only": {
            "en": "I can only read text messages.",
            "zh": "目前只能识别文字消息。",
        },
        "rate_limited": {
            "en": (
                "Please wait a moment: you have sent a lot of messages in a short time. You can write "
                "again in {wait}."
            ),
            "zh": "请稍候：您短时间内发送的消息过多，请在 {wait} 后再试。",
        },
        "handoff_limited": {
            "en": (
                "Sorry, we cannot put you through to a person from here right now: many requests came "
                "from your network. Please sign in to online banking, or try again in {wait}."
            ),
            "zh": (
                "抱歉，来自您网络的人工服务请求过多，暂时无法为您转接。请登录网上银行，或在 {wait} 后再试。"
            ),
        },
        # A REST client without a valid session token.
        "sign_in_help": {
            "en": (
                "Your session is not valid or has expired. Please sign in again to online banking "
                "(or, for the demo, get a token with `bankbot token <customer>`)."
            ),
            "zh": "您的登录已失效，请重新登录网上银行。",
        },
        # Texted to the number a Telegram chat asks to link: whoever holds it may not read English.
        "link_code": {
            "en": (
                "Your bank code: {code}. It links your Telegram chat to your bank profile and expires "
                "in 5 minutes. Never share it."
            ),
            "zh": "银行验证码：{code}，请勿告诉他人。",
        },
        # The demo online-banking page, for a signed-in customer (in their language).
        "home_hello": {"en": "Hello, {name}", "zh": "您好，{name}"},
        "home_note": {
            "en": "Demo online banking: the assistant at the bottom right knows who you are.",
            "zh": "网上银行演示：右下角的助手认识您。",
        },
    }
)
text = CATALOGUE.text
both = CATALOGUE.both


SMS_HELP = both("sms_help")
SMS_UNKNOWN_NUMBER = both("sms_unknown_number")
SMS_OPTED_OUT = both("sms_opted_out")
SMS_REPLY_WITH_NUMBER = both("sms_reply_with_number")
SMS_RESUBSCRIBED = both("sms_resubscribed")
TOO_LONG = both("too_long")
UNREADABLE_FRAME = both("unreadable_frame")
SIGNOUT_FORM_EXPIRED = both("signout_form_expired")
SIGNIN_FORM_EXPIRED = both("signin_form_expired")
BOT_UNAVAILABLE = both("bot_unavailable")
ANSWER_LOST = both("answer_lost")
LOST_TRACK = both("lost_track")
TELEGRAM_WELCOME = both("telegram_welcome", separator="\n")
TELEGRAM_LINK_USAGE = both("telegram_link_usage")
TELEGRAM_CODE_SENT = both("telegram_code_sent")
TELEGRAM_CODE_USAGE = both("telegram_code_usage")
TELEGRAM_NO_LINK_PENDING = both("telegram_no_link_pending")
TELEGRAM_LINKED = both("telegram_linked")
TELEGRAM_CODE_WRONG = both("telegram_code_wrong")
TELEGRAM_CODE_EXPIRED = both("telegram_code_expired")
TELEGRAM_ALREADY_LINKED_ELSEWHERE = both("telegram_already_linked_elsewhere")
TELEGRAM_LINK_UNAVAILABLE = both("telegram_link_unavailable")
TELEGRAM_TEXT_ONLY = both("telegram_text_only")
RATE_LIMITED = both("rate_limited")
HANDOFF_LIMITED = both("handoff_limited")
SIGN_IN_HELP = both("sign_in_help")
LINK_CODE = both("link_code")


def number_range(count: int) -> str:
    return "1" if count == 1 else "1 or 2" if count == 2 else f"1 to {count}"
