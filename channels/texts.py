"""What the gateway itself says (not the bot): short, in English and Chinese."""

from __future__ import annotations

SMS_HELP = (
    "Bank assistant: text your question, e.g. 'balance'. Reply with a number to pick an option. "
    "STOP to stop messages, START to resume. 银行助手：直接发送问题；回复STOP退订。"
)
SMS_UNKNOWN_NUMBER = (
    "This number is not registered with us. Please sign in to online banking to chat, "
    "or call us. 此号码未在本行登记，请登录网上银行。"
)
SMS_OPTED_OUT = (
    "You will get no more texts from the bank assistant. Text START to get them again. "
    "(To cancel a request, reply with its number instead.) "
    "您已退订银行助手短信，回复START可恢复。"
)
# Under a numbered list of choices: "Reply 1 or 2." / "Reply 1 to 4."
SMS_REPLY_WITH_NUMBER = "Reply {numbers}. 请回复数字 1-{last}。"


def number_range(count: int) -> str:
    return "1" if count == 1 else "1 or 2" if count == 2 else f"1 to {count}"


SMS_RESUBSCRIBED = "You will receive messages from the bank assistant again. 已恢复接收消息。"
TOO_LONG = (
    "Your message is too long for the assistant; please send a shorter one. 消息太长，请发送更短的消息。"
)
# The widget sent a frame the gateway cannot read ({why}: binary, not JSON, nested too deeply).
UNREADABLE_FRAME = "Sorry, the chat could not read that message ({why}). 抱歉，无法读取该消息。"
SIGNOUT_FORM_EXPIRED = (
    'This sign-out did not come from your online-banking page: <a href="/">go back</a> and use its '
    "Sign out button. 退出请求并非来自您的网上银行页面，请返回页面点击“退出”。"
)
SIGNIN_FORM_EXPIRED = (
    'This sign-in form has expired or came from another site: please <a href="/signin">sign in again</a>. '
    "登录页面已失效，请重新登录。"
)
BOT_UNAVAILABLE = (
    "Sorry, our assistant is not available right now. Please try again in a moment. "
    "抱歉，智能助手暂时无法使用，请稍后再试。"
)
ANSWER_LOST = (
    "Sorry, I couldn't answer your last message: our system restarted while it was on its way. "
    "Please send it again. 抱歉，系统刚刚重启，没能回复您的上一条消息，请再发送一次。"
)
TELEGRAM_WELCOME = (
    "Hello! I'm the bank assistant. To see your own accounts here, link this chat once: "
    "/link <your registered phone number>, e.g. /link +14155550101, then /code <the code we text you>.\n"
    "您好！绑定账户：/link 手机号，然后 /code 验证码。"
)
TELEGRAM_LINK_USAGE = (
    "Send /link followed by your registered phone number, e.g. /link +14155550101. 用法：/link 手机号"
)
# Also the answer when the bank refused to send another code (too many lately): a different
# answer would tell the chat that the number is a customer's.
TELEGRAM_CODE_SENT = (
    "If that number is registered with us, we have texted it a one-time code, unless it was sent "
    "too many codes lately (then please try again later). Send it here as /code 123456. "
    "如该号码已登记，验证码已发送（如近期申请过多，请稍后再试），请回复 /code 验证码。"
)
TELEGRAM_CODE_USAGE = "Send /code followed by the 6-digit code we texted you. 用法：/code 验证码"
TELEGRAM_NO_LINK_PENDING = "Please start with /link <your phone number>. 请先发送 /link 手机号。"
TELEGRAM_LINKED = "Done: this Telegram account is now linked to your bank profile. 绑定成功。"
TELEGRAM_CODE_WRONG = "That code is not right; {left} attempt(s) left. 验证码错误，还可尝试 {left} 次。"
TELEGRAM_CODE_EXPIRED = "That code has expired or was used up; send /link again. 验证码已失效，请重新 /link。"
TELEGRAM_ALREADY_LINKED_ELSEWHERE = (
    "This Telegram account is already linked to another bank profile. 此Telegram账户已绑定其他客户。"
)
TELEGRAM_LINK_UNAVAILABLE = "Linking is not available right now. 暂时无法绑定。"
TELEGRAM_TEXT_ONLY = "I can only read text messages. 目前只能识别文字消息。"
RATE_LIMITED = (
    "Please wait a moment: you have sent a lot of messages in a short time. You can write again "
    "in {wait}. 请稍候：您短时间内发送的消息过多，请在 {wait} 后再试。"
)
HANDOFF_LIMITED = (
    "Sorry, we cannot put you through to a person from here right now: many requests came from "
    "your network. Please sign in to online banking, or try again in {wait}. "
    "抱歉，来自您网络的人工服务请求过多，暂时无法为您转接。请登录网上银行，或在 {wait} 后再试。"
)
