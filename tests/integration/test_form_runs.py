"""Form runs on the real stack through the REST channel, in English and Chinese (issue 13, part 3):
a button of an earlier request confirms nothing; a question at the complaint's description is
answered and the description asked again, never recorded as the complaint; nothing of a finished
transfer survives into the next one. Effects are read from the bank itself."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.integration.channels.helpers import accounts_of, amount_en, customer_id
from tests.support.bank import bank_state
from tests.support.chat import Customer, text_of
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]

STALE = {"en": "That button belongs to an earlier request", "zh": "这个按钮属于之前的一个请求"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("form-runs")
    running = start_stack(tmp, extra_env={"BANKBOT_DEMO": "1", "BANKBOT_DEMO_CODES_DIR": str(tmp / "codes")})
    yield running
    running.stop()


def buttons(response: httpx.Response) -> dict[str, str]:
    """The buttons of an answer: title → payload."""
    return {b["title"]: b["payload"] for m in response.json() for b in m.get("buttons") or []}


def until(chat: Customer, first: str, answers: dict[str, str], done: str, turns: int = 6):
    """Say `first`, answer each question (matched by a phrase) until a reply contains `done`:
    that reply's response, and the phrases of the questions asked on the way."""
    response, asked = chat.answer(first), []
    for _ in range(turns):
        reply = text_of(response)
        if done in reply:
            return response, asked
        phrase = next((p for p in answers if p in reply), None)
        assert phrase is not None, f"unexpected reply: {reply!r}"
        asked.append(phrase)
        response = chat.answer(answers[phrase])
    raise AssertionError(f"no {done!r} after {turns} turns")


@dataclass(frozen=True)
class Transfer:
    user: str
    language: str
    first: str
    second: str
    answers: dict[str, str]
    confirm: str  # the summary's question
    yes: str  # the title of the summary's yes button
    no: str
    amounts: tuple[str, str]  # the first request's amount and the one answered afterwards, as shown


TRANSFERS = [
    Transfer(
        "alice",
        "en",
        "send $20 from my checking account to Bob Okafor",
        "send $35 from my checking account to Bob Okafor",
        {"Which account": "checking", "Who would you like": "Bob Okafor", "How much": "35"},
        "Please confirm",
        "Yes",
        "no",
        ("$20.00", "$35.00"),
    ),
    Transfer(
        "wei",
        "zh",
        "从活期账户给李娜转一百元",
        "从活期账户给李娜转六十元",
        {"从哪个账户": "活期账户", "您想转给谁": "李娜", "您想转多少钱": "六十元"},
        "请确认",
        "确认",
        "取消",
        ("转账 100.00 元", "转账 60.00 元"),
    ),
]


@pytest.mark.parametrize("case", TRANSFERS, ids=lambda c: c.language)
def test_the_yes_button_of_an_earlier_transfer_never_confirms_a_newer_one(stack, case):
    chat = Customer(stack, case.user)
    before = bank_state(stack, case.user)
    first, _ = until(chat, case.first, case.answers, case.confirm)
    old_yes = buttons(first)[case.yes]
    assert "form_run" in old_yes
    chat.say(case.no)
    until(chat, case.second, case.answers, case.confirm)

    reply = chat.say(old_yes)
    assert STALE[case.language] in reply
    assert case.confirm in reply  # the new summary is asked again
    assert bank_state(stack, case.user) == before  # nothing was executed

    chat.say(case.no)
    reply = chat.say(old_yes)  # no request open now
    assert STALE[case.language] in reply
    assert bank_state(stack, case.user) == before


@pytest.mark.parametrize("case", TRANSFERS, ids=lambda c: c.language)
def test_nothing_of_a_finished_transfer_reaches_the_next_one(stack, case):
    chat = Customer(stack, case.user)
    count, _ = bank_state(stack, case.user)
    summary, _ = until(chat, case.first, case.answers, case.confirm)
    chat.say(buttons(summary)[case.yes])
    assert bank_state(stack, case.user)[0] == count + 1

    start = "I'd like to make a transfer" if case.language == "en" else "我要转账"
    second, asked = until(chat, start, case.answers, case.confirm)
    assert asked == list(case.answers), "every detail is asked again"
    first_amount, new_amount = case.amounts
    assert new_amount in text_of(second) and first_amount not in text_of(second)
    chat.say(case.no)
    assert bank_state(stack, case.user)[0] == count + 1


@dataclass(frozen=True)
class Complaint:
    user: str
    language: str
    start: str
    category: str  # the title of a category button
    question: str  # the welcome chip's payload, or a typed question
    description_asked: str
    description: str
    summary: str
    yes: str


COMPLAINTS = [
    Complaint(
        "alice",
        "en",
        "I want to make a complaint",
        "Service or the app",
        "what's my balance?",  # the welcome chip (channels/web.py SUGGESTIONS)
        "Please tell me what happened",
        "The staff at the branch were rude and made me wait for an hour",
        "Shall I record this complaint",
        "Yes",
    ),
    Complaint(
        "wei",
        "zh",
        "我要投诉",
        "服务或APP",
        "我的余额是多少",  # the welcome chip in Chinese
        "请简单描述一下发生了什么",
        "网点工作人员态度很差，让我排了一个小时的队",
        "请确认是否记录这条",
        "确认",
    ),
    Complaint(
        "wei",
        "zh",
        "我要投诉",
        "服务或APP",
        "我的余额多少",  # typed
        "请简单描述一下发生了什么",
        "客服人员说话很不礼貌，问题也没有解决",
        "请确认是否记录这条",
        "确认",
    ),
]


def tickets_of(stack, username: str) -> list:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import tickets
    from banking_backend.unit_of_work import SqlUnitOfWork

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        return tickets.list_tickets(SqlUnitOfWork(make_session_factory(engine)), customer_id(stack, username))
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", COMPLAINTS, ids=lambda c: f"{c.language}-{c.question}")
def test_a_balance_question_at_the_complaint_description_is_answered_and_never_recorded(stack, case):
    chat = Customer(stack, case.user)
    had = len(tickets_of(stack, case.user))
    asked = chat.answer(case.start)
    reply = chat.say(buttons(asked)[case.category])
    assert case.description_asked in reply

    reply = chat.say(case.question)
    for account in accounts_of(stack, case.user):
        assert amount_en(account.balance) in reply  # the balance is shown
    assert case.description_asked in reply  # and the description asked again
    assert len(tickets_of(stack, case.user)) == had

    summary = chat.answer(case.description)
    assert case.description in text_of(summary) and case.question not in text_of(summary)
    chat.say(buttons(summary)[case.yes])
    filed = tickets_of(stack, case.user)
    assert len(filed) == had + 1
    assert case.description in [t.description for t in filed]
    assert all(case.question not in t.description for t in filed)


def test_the_yes_button_of_a_transfer_does_not_file_a_complaint(stack):
    chat, case = Customer(stack, "alice"), TRANSFERS[0]
    before, had = bank_state(stack, "alice"), len(tickets_of(stack, "alice"))
    transfer, _ = until(chat, case.first, case.answers, case.confirm)
    transfer_yes = buttons(transfer)[case.yes]
    chat.say(case.no)
    asked = chat.answer("I want to make a complaint")
    chat.say(buttons(asked)["Service or the app"])
    summary = chat.say("The staff at the branch were rude and made me wait for an hour")
    assert "Shall I record this complaint" in summary

    reply = chat.say(transfer_yes)
    assert STALE["en"] in reply and "Shall I record this complaint" in reply
    assert len(tickets_of(stack, "alice")) == had
    assert bank_state(stack, "alice") == before
    chat.say("no")


def test_a_transfer_asked_for_at_the_complaint_description_starts_with_its_details(stack):
    chat = Customer(stack, "wei")
    had, before = len(tickets_of(stack, "wei")), bank_state(stack, "wei")
    asked = chat.answer("我要投诉")
    chat.say(buttons(asked)["服务或APP"])
    reply = chat.say("从活期账户给李娜转六十元")
    assert "已取消" in reply  # the complaint, with nothing recorded
    assert "请确认" in reply and "李娜" in reply and "转账 60.00 元" in reply
    chat.say("取消")
    assert len(tickets_of(stack, "wei")) == had and bank_state(stack, "wei") == before


@pytest.mark.parametrize(
    ("user", "start", "category", "chip", "greeting", "asked"),
    [
        (
            "alice",
            "I want to make a complaint",
            "Service or the app",
            "hello",
            "Hello!",
            "Please tell me what happened",
        ),
        ("wei", "我要投诉", "服务或APP", "你好", "您好", "请简单描述一下发生了什么"),
    ],
    ids=["en", "zh"],
)
def test_the_hello_chip_at_the_complaint_description_is_greeted_and_never_recorded(
    stack, user, start, category, chip, greeting, asked
):
    chat = Customer(stack, user)
    had = len(tickets_of(stack, user))
    chat.say(buttons(chat.answer(start))[category])
    reply = chat.say(chip)
    assert greeting in reply and asked in reply
    reply = chat.say("no")
    assert len(tickets_of(stack, user)) == had
