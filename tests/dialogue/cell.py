"""One cell of the matrix: a new customer (so a new conversation and a clean bank) starts a form,
walks it to one step, takes one kind of turn there, and the invariants are checked on every answer
and in the bank."""

from __future__ import annotations

import re

import httpx

from actions.code_delivery import read_demo_code
from actions.messages import text
from banking_backend import seed
from channels.texts import BOT_UNAVAILABLE, LOST_TRACK
from tests.dialogue.bank import Bank, Effects
from tests.dialogue.forms import CODE, CUSTOMER_LIKE, Form, Step
from tests.dialogue.turns import OTHER_LANGUAGE, Expect, Turn, other_task
from tests.support.chat import post_message

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# What the customer is told when a form is cancelled (the forms' own words or the general one).
CANCELLED = ("form_cancelled", "transfer_cancelled", "complaint_not_recorded", "pay_cancelled")


def in_language(reply: str, language: str) -> bool:
    """Chinese answers are written in Chinese; English ones may quote a Chinese name or account."""
    cjk, latin = len(_CJK.findall(reply)), len(_LATIN.findall(reply))
    return cjk >= 2 if language == "zh" else latin > 0 and cjk * 4 <= latin


class Conversation:
    def __init__(self, stack, bank: Bank, language: str, form: Form) -> None:
        self.stack, self.bank, self.language, self.form = stack, bank, language, form
        self.like = CUSTOMER_LIKE[language]
        self.customer_id, self.token = bank.new_customer(self.like, form.cards)
        self.sender = f"matrix-{self.customer_id}"
        self.messages: list[list[dict]] = []  # the bot's answers to each turn
        self.log: list[str] = []

    # -- talking ------------------------------------------------------------------------------
    def say(self, message: str, language: str | None = None) -> str:
        """The bot's answer, checked against the invariants every turn must keep."""
        language = language or self.language
        response = post_message(self.stack.gateway_url, message, self.token, self.sender)
        answers = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else None
        )
        reply = "\n".join(a.get("text") or "" for a in answers) if isinstance(answers, list) else ""
        self.log.append(f"> {message!r}\n< [{response.status_code}] {reply!r}")
        assert response.status_code == 200, self.transcript(f"status {response.status_code}: {response.text}")
        assert reply.strip(), self.transcript("an empty answer")
        assert BOT_UNAVAILABLE not in reply, self.transcript("'not available' while the stack is up")
        assert LOST_TRACK not in reply, self.transcript("the bot said nothing (the gateway's 'lost track')")
        assert in_language(reply, language), self.transcript(f"not answered in {language}")
        self.messages.append(answers)
        return reply

    def answer_for(self, answer: str) -> str:
        if answer == CODE:
            return read_demo_code(self.customer_id, self.stack.codes_dir)
        credit = next(last4 for kind, last4, _ in _profile(self.like).cards if kind == "credit")
        return answer.format(credit=credit)

    def walk_to(self, step: Step) -> str:
        """Start the form and answer up to `step`; the question the step was asked with."""
        self.say(self.form.start[self.language])
        for answer in step.path[self.language]:
            self.say(self.answer_for(answer))
        assert self.state() == (self.form.name, step.slot), self.transcript(
            f"the walk did not reach {step.slot}"
        )
        return self.messages[-1][-1].get("text") or ""

    # -- what the bot and the bank hold --------------------------------------------------------
    def state(self) -> tuple[str | None, str | None]:
        """The active form and the slot it asks for, as Rasa's tracker holds them."""
        response = httpx.get(
            f"{self.stack.rasa_url}/conversations/customer-{self.customer_id}/tracker",
            params={"token": self.stack.env.get("RASA_TOKEN", "demo-rasa-token")},
            timeout=30,
        )
        response.raise_for_status()
        tracker = response.json()
        return (tracker.get("active_loop") or {}).get("name"), tracker["slots"].get("requested_slot")

    def effects(self) -> Effects:
        return self.bank.effects(self.customer_id)

    def earlier_button(self) -> str:
        """The payload of the first button of an earlier answer than the last one (a summary's
        yes when there was none)."""
        for answers in self.messages[:-1]:
            for answer in answers:
                for button in answer.get("buttons") or []:
                    return button["payload"]
        return "/affirm"

    def transcript(self, why: str) -> str:
        return f"{why}\n" + "\n".join(self.log)


def _profile(username: str):
    return next(p for p in seed.PROFILES if p.username == username)


def run_cell(stack, bank: Bank, form: Form, step: Step, turn: Turn, language: str) -> None:
    chat = Conversation(stack, bank, language, form)
    question = chat.walk_to(step)
    # The code step asks with the words of its refusals too ("the code is 6 digits ... again").
    code_words = {text("ask_code", language), text("code_not_digits", language)}
    asked_again = {question, *code_words} if step.is_code else {question}
    before = chat.effects()

    def unchanged(why: str) -> None:
        changes = chat.effects().changes_since(before)
        assert not changes, chat.transcript(f"the bank changed {why}: {changes}")

    def resumed(reply: str, language: str = language) -> None:
        assert chat.state() == (form.name, step.slot), chat.transcript(
            f"the form did not resume at {step.slot}"
        )
        if language == chat.language:
            assert any(q in reply for q in asked_again), chat.transcript("the step was not asked again")
        unchanged("though the form only resumed")

    def no_slot_survives() -> None:
        chat.say(form.start[language])
        first = form.steps[0].slot
        assert chat.state() == (form.name, first), chat.transcript(
            f"a new {form.name} did not start at {first}"
        )

    if turn.expect is Expect.RESUMES and turn.kind == "other_language":
        other = OTHER_LANGUAGE[language]
        resumed(chat.say(turn.texts[language], other), other)
    elif turn.expect is Expect.RESUMES and turn.kind == "gibberish" and step.free_text:
        # Words we cannot read, at a step that takes the customer's own words, may be theirs: the
        # form goes on (the step again, or its summary showing them for a yes); nothing is done.
        chat.say(turn.texts[language])
        assert chat.state()[0] == form.name, chat.transcript("the form did not go on")
        unchanged("at a free-text step")
    elif turn.expect is Expect.RESUMES:
        message = chat.earlier_button() if turn.kind == "stale_button" else turn.texts[language]
        resumed(chat.say(message))
    elif turn.expect is Expect.EMPTY:
        resumed(chat.say(""))
    elif turn.expect is Expect.CANCELS:
        reply = chat.say(turn.texts[language])
        assert chat.state()[0] is None, chat.transcript("the form was not cancelled")
        assert any(text(key, language) in reply for key in CANCELLED), chat.transcript(
            "not told it was cancelled"
        )
        unchanged("after a cancellation")
        no_slot_survives()
    elif turn.expect is Expect.SWITCHES:
        words, other_form = other_task(form.name)
        chat.say(words[language])
        assert chat.state()[0] == other_form, chat.transcript(f"{other_form} did not start")
        unchanged("when the customer asked for another task")
    elif turn.kind == "yes":
        reply = chat.say(turn.texts[language])
        if step.confirms and form.name == "transfer_form" or step.confirms and form.effect_on_yes:
            assert chat.effects().changes_since(before), chat.transcript("the yes to the summary did nothing")
            assert chat.state()[0] is None, chat.transcript("the form did not end after the yes")
            no_slot_survives()
        else:
            resumed(reply)
    elif turn.kind == "same_twice":
        answer = chat.answer_for(step.answer[language])
        chat.say(answer)
        done = step.confirms or step.is_code or step.slot == "activate_last4"
        after_first = chat.effects()
        if not done:
            unchanged("before the summary was confirmed")
        chat.say(answer)
        changes = chat.effects().changes_since(after_first)
        assert not changes, chat.transcript(f"the same message twice changed the bank twice: {changes}")
    else:
        raise AssertionError(f"no check for {turn.kind}")
