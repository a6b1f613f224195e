"""The forms of the matrix: how each one starts and how to walk it, in each language, to each of
its steps (every requested slot, the summary's `*_confirmed` and the one-time code `*_otp`).

A step is reached by starting the form and giving the answers of the steps before it; the step's
own answer is what a customer would say there (used by the "same message twice" turn). CODE
stands for the one-time code the bank just sent (read from the demo codes file)."""

from __future__ import annotations

from dataclasses import dataclass, field

CODE = "<code>"
LANGUAGES = ("en", "zh")
# The demo customer each language's cells are copies of.
CUSTOMER_LIKE = {"en": "alice", "zh": "wei"}


@dataclass(frozen=True)
class Step:
    slot: str
    path: dict[str, tuple[str, ...]]  # language -> the answers that lead here, after the start
    answer: dict[str, str]  # language -> this step's own answer

    @property
    def confirms(self) -> bool:
        """The summary's yes or no."""
        return self.slot.endswith("_confirmed")

    @property
    def is_code(self) -> bool:
        return self.slot.endswith("_otp")

    @property
    def free_text(self) -> bool:
        """A step that takes the customer's own words (see README: free-text steps)."""
        return self.slot in ("complaint_description", "block_reason")


@dataclass(frozen=True)
class Form:
    name: str
    start: dict[str, str]
    steps: tuple[Step, ...]
    # Cards of a kind that start in another status for this form: {"debit": ("blocked", "temporary")}.
    cards: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # The summary's yes does the work only with no code to follow (the code then confirms it).
    effect_on_yes: bool = True

    def step(self, slot: str) -> Step:
        return next(s for s in self.steps if s.slot == slot)


def _walk(*answers: tuple[str, dict[str, str]]) -> tuple[Step, ...]:
    """Steps in order, each reached by the answers of the ones before it."""
    steps, before = [], {"en": (), "zh": ()}
    for slot, answer in answers:
        steps.append(Step(slot, dict(before), answer))
        before = {lang: (*before[lang], answer[lang]) for lang in LANGUAGES}
    return tuple(steps)


YES = {"en": "yes", "zh": "是的"}

FORMS: tuple[Form, ...] = (
    Form(
        "transfer_form",
        start={"en": "I'd like to make a transfer", "zh": "我要转账"},
        steps=(
            *_walk(
                ("transfer_from_account", {"en": "checking", "zh": "活期账户"}),
                ("transfer_payee", {"en": "Bob Okafor", "zh": "李娜"}),
                ("transfer_amount", {"en": "50", "zh": "100"}),
                ("transfer_confirmed", YES),
            ),
            # Above the bank's step-up threshold (USD 1,000, CNY 5,000) the yes sends a code.
            Step(
                "transfer_otp",
                {"en": ("checking", "Bob Okafor", "1200", "yes"), "zh": ("活期账户", "李娜", "6000", "是的")},
                {"en": CODE, "zh": CODE},
            ),
        ),
    ),
    Form(
        "block_card_form",
        start={"en": "I need to block my card", "zh": "我要冻结我的卡"},
        steps=_walk(
            ("block_card", {"en": "debit", "zh": "借记卡"}),
            ("block_reason", {"en": "temporary block", "zh": "临时冻结"}),
            ("block_confirmed", YES),
        ),
    ),
    Form(
        "unblock_card_form",
        start={"en": "please unblock my card", "zh": "帮我解冻一下卡"},
        steps=_walk(
            ("unblock_card", {"en": "debit", "zh": "借记卡"}),
            ("unblock_otp", {"en": CODE, "zh": CODE}),
        ),
        cards={"debit": ("blocked", "temporary"), "credit": ("blocked", "temporary")},
        effect_on_yes=False,
    ),
    Form(
        "activate_card_form",
        start={"en": "I want to activate my new card", "zh": "我要激活新卡"},
        steps=_walk(("activate_last4", {"en": "ending {credit}", "zh": "尾号{credit}"})),
        cards={"credit": ("inactive", None)},
        effect_on_yes=False,
    ),
    Form(
        "card_limit_form",
        start={"en": "I want to change my card limit", "zh": "我想修改银行卡限额"},
        steps=_walk(
            ("limit_card", {"en": "debit", "zh": "借记卡"}),
            ("limit_amount", {"en": "800", "zh": "5000"}),
            ("limit_confirmed", YES),
        ),
    ),
    Form(
        "pay_credit_card_form",
        start={"en": "I want to pay my credit card bill", "zh": "我要还信用卡"},
        steps=_walk(
            ("pay_option", {"en": "another amount", "zh": "其他金额"}),
            ("pay_amount", {"en": "40", "zh": "300"}),
            ("pay_from_account", {"en": "checking", "zh": "活期账户"}),
            ("pay_confirmed", YES),
        ),
    ),
    Form(
        "complaint_form",
        start={"en": "I want to make a complaint", "zh": "我要投诉"},
        steps=_walk(
            ("complaint_category", {"en": "fees", "zh": "手续费"}),
            (
                "complaint_description",
                {"en": "I was charged the same fee twice this month", "zh": "这个月同一笔手续费被扣了两次"},
            ),
            ("complaint_confirmed", YES),
        ),
    ),
)
FORM_BY_NAME = {form.name: form for form in FORMS}
