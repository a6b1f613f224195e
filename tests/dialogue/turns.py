"""The kinds of turn a customer may take at any step of a form, with their words per language, and
what must follow each (the `Expect` the cell checks)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Expect(enum.Enum):
    RESUMES = "the step is asked again"
    CANCELS = "the form is cancelled and the customer told so"
    SWITCHES = "the form is left and the other task started"
    ANSWERS_STEP = "the answer is taken as the step's answer"
    EMPTY = "an empty message: answered, the step asked again"


@dataclass(frozen=True)
class Turn:
    kind: str
    texts: dict[str, str]  # language -> what the customer sends ("" for the empty message)
    expect: Expect


# Another task than the form's own: blocking a card, or (from the card forms) a transfer.
OTHER_TASK = {
    "block": ({"en": "block my card", "zh": "帮我冻结银行卡"}, "block_card_form"),
    "transfer": ({"en": "I want to send money", "zh": "我要转账"}, "transfer_form"),
}


def other_task(form: str) -> tuple[dict[str, str], str]:
    """The other task asked in the middle of `form`, and the form it starts."""
    return OTHER_TASK["transfer" if form == "block_card_form" else "block"]


OTHER_LANGUAGE = {"en": "zh", "zh": "en"}

TURNS: tuple[Turn, ...] = (
    Turn("yes", {"en": "yes", "zh": "是的"}, Expect.ANSWERS_STEP),
    Turn("no", {"en": "no", "zh": "不"}, Expect.CANCELS),
    Turn("cancel", {"en": "cancel", "zh": "算了"}, Expect.CANCELS),
    Turn("stop", {"en": "stop", "zh": "不要了"}, Expect.CANCELS),
    Turn("other_task", {}, Expect.SWITCHES),
    Turn("balance", {"en": "what's my balance?", "zh": "我的余额是多少"}, Expect.RESUMES),
    Turn("card_question", {"en": "I forgot my card PIN", "zh": "我忘了银行卡密码"}, Expect.RESUMES),
    Turn(
        "knowledge_question",
        {"en": "what are your opening hours?", "zh": "你们营业时间是几点？"},
        Expect.RESUMES,
    ),
    Turn("small_talk", {"en": "hi, how are you?", "zh": "你好呀"}, Expect.RESUMES),
    Turn("gibberish", {"en": "asdf qwrtz plok", "zh": "嘚吧嘚吧呜啦"}, Expect.RESUMES),
    # A question in the other language: answered in that language, and the step asked again.
    Turn("other_language", {"en": "你能帮我做什么？", "zh": "what can you do?"}, Expect.RESUMES),
    # The payload of a button the bot showed earlier in the conversation.
    Turn("stale_button", {}, Expect.RESUMES),
    Turn("same_twice", {}, Expect.ANSWERS_STEP),
    Turn("empty", {"en": "", "zh": ""}, Expect.EMPTY),
)
TURN_BY_KIND = {turn.kind: turn for turn in TURNS}
