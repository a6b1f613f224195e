"""Answers from the bank's knowledge base (docs/knowledge.md). The NLU's KnowledgeRetriever puts
the likeliest articles in the parse data (`knowledge`); the answer is the article in the
customer's language with the bank's figures filled in (actions/knowledge_figures.py). A question
no article answers is said so, with the offer of a person (utter_unsupported_banking)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.bank import unit_of_work
from actions.customer import acting_customer
from actions.knowledge_figures import FIGURES, Asking
from actions.language import language_of
from actions.messages import text
from banking_backend.domain.errors import BankError
from banking_backend.services import accounts
from kernel.knowledge import ANSWER_CONFIDENCE, PLACEHOLDER, Article, load_articles

log = logging.getLogger(__name__)

NO_ARTICLE = "utter_unsupported_banking"


@lru_cache(maxsize=1)
def articles() -> dict[str, Article]:
    return load_articles()


def found_topic(tracker: Tracker) -> str | None:
    """The article the latest message asks for, when the retriever is sure enough."""
    found = (tracker.latest_message or {}).get("knowledge") or {}
    topic = found.get("topic")
    if topic in articles() and float(found.get("confidence") or 0) >= ANSWER_CONFIDENCE:
        return topic
    return None


def _asking(tracker: Tracker, language: str) -> Asking:
    customer = acting_customer(tracker)
    customer_id = customer.customer_id if customer else None
    held: tuple[str, ...] = ()
    if customer_id is not None:
        try:
            held = tuple(
                dict.fromkeys(a.currency for a in accounts.list_accounts(unit_of_work(), customer_id))
            )
        except BankError:
            customer_id = None
    question = (tracker.latest_message or {}).get("text") or ""
    return Asking(question, language, customer_id, held)


def rendered(article: Article, asking: Asking) -> str:
    """The article's answer with each placeholder filled from the bank."""

    def fill(match) -> str:
        name, argument = match.group(1), match.group(2)
        figure = FIGURES.get(name)
        return figure(asking, argument) if figure else match.group(0)

    return PLACEHOLDER.sub(fill, article.answer[asking.language]).strip()


def answer_for(tracker: Tracker) -> str | None:
    """The answer to the latest message from the knowledge base, or None when no article fits.
    A bank outage while the figures are read is not hidden: it raises."""
    topic = found_topic(tracker)
    if topic is None:
        return None
    language = language_of(tracker)
    article = articles()[topic]
    if not PLACEHOLDER.search(article.answer[language]):
        return article.answer[language]  # words only: nothing to read from the bank
    return rendered(article, _asking(tracker, language))


def answer_on_the_side(tracker: Tracker) -> str | None:
    """Inside a form: the article, if one fits and the bank answers; else the form's own words."""
    try:
        return answer_for(tracker)
    except BankError:
        return None


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            answer = answer_for(tracker)
        except BankError:
            dispatcher.utter_message(text=text("bank_unavailable", language_of(tracker)))
            return []
        if answer is None:
            return [FollowupAction(NO_ARTICLE)]
        dispatcher.utter_message(text=answer)
        return []
