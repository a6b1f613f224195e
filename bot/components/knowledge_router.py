"""Which messages are questions for the knowledge base (docs/knowledge.md).

DIET learns `unsupported_banking` from a few questions per article: with all 1,600 the intent
outweighed every other one (config.yml). On questions it never saw it then often says
out_of_scope, nlu_fallback, or a task that shares the question's words ("what are the fees for
international wire transfers?" → transfer_money). `KnowledgeRouter` is a second opinion that has
read every question: a linear model on the retriever's features, trained on all the articles'
questions and the `unsupported_banking` examples against every other intent's examples.

When the retriever found an article to answer with, and the intent is unsure (nlu_fallback,
out_of_scope) and the router's probability reaches `when_unsure`, or whatever the intent when it
reaches `over_any`, the message's intent becomes
`unsupported_banking` (the intent DIET gave is kept under `knowledge.routed_from`). The router's
probability is in the parse data as `knowledge.question`. Both thresholds are chosen on development
data only (`bench.knowledge --router`): the articles' questions out of fold, bench/nlu_dev for
every other intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from bot.components.knowledge import INTENT_NAME, PARSE_KEY, all_questions, normalised, text_features
from bot.components.stored_model import StoredModelComponent
from kernel.knowledge import ANSWER_CONFIDENCE

_CONFIDENCE = "confidence"
# What DIET says when it does not know: a knowledge question it never saw ends up here most often.
UNSURE = ("nlu_fallback", "out_of_scope")


def new_router():
    # Balanced: about 1,700 questions against 6,000 examples of the other intents.
    return make_pipeline(text_features(), LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced"))


def router_training(
    training_data: TrainingData, questions: list[str] | None = None
) -> tuple[list[str], list[int]]:
    """The articles' questions (all unless given) and the `unsupported_banking` examples (1)
    against every other intent's examples (0), normalised as the retriever reads them."""
    questions = [q for q, _ in all_questions()] if questions is None else questions
    examples = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples if m.get(TEXT)]
    texts = questions + [text for text, _ in examples]
    labels = [1] * len(questions) + [int(intent == INTENT_NAME) for _, intent in examples]
    return [normalised(t) for t in texts], labels


def routed(
    intent: str | None, probability: float, article_confidence: float, when_unsure: float, over_any: float
) -> bool:
    """Whether a message classified as `intent` is a knowledge question after all: only when the
    retriever found an article it would answer with (a question without one, or "how do I unclog a
    sink", keeps its intent: the router alone reads every "how do I" as the bank's)."""
    if intent == INTENT_NAME or article_confidence < ANSWER_CONFIDENCE:
        return False
    return probability >= over_any or (intent in UNSURE and probability >= when_unsure)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class KnowledgeRouter(StoredModelComponent):
    """After the fallback classifier and the retriever: a knowledge question DIET missed gets the
    intent `unsupported_banking`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"when_unsure": 0.5, "over_any": 0.9}

    def fit(self, training_data: TrainingData) -> Any:
        texts, labels = router_training(training_data)
        return new_router().fit(texts, labels) if len(set(labels)) == 2 else None

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        thresholds = {key: float(self.config[key]) for key in ("when_unsure", "over_any")}
        texts = [normalised(m.get(TEXT) or "") for m in messages]
        for message, probability in zip(messages, self.model.predict_proba(texts)[:, 1], strict=True):
            probability = round(float(probability), 4)
            found = {**(message.get(PARSE_KEY) or {}), "question": probability}
            intent = message.get(INTENT) or {}
            article = float(found.get(_CONFIDENCE) or 0.0)
            if routed(intent.get(INTENT_NAME_KEY), probability, article, **thresholds):
                found["routed_from"] = dict(intent)
                chosen = {INTENT_NAME_KEY: INTENT_NAME, _CONFIDENCE: probability}
                others = [
                    r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != INTENT_NAME
                ]
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
            message.set(PARSE_KEY, found, add_to_output=True)
        return messages
