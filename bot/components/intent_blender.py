"""A second intent classifier blended with DIET's ranking (docs/nlu.md).

DIET, trained in a few minutes on a few thousand examples, learns our own way of writing; on text
written by others it often spreads its confidence thin (nlu_fallback) or follows one shared word
("fees" → transfer_money). A linear model on words and character n-grams
(bot/components/knowledge.py's features) reads typos, short forms and both scripts differently, and
it can learn from every knowledge-base question (DIET sees one per article: config.yml).
`IntentBlender` sits between DIET and the FallbackClassifier and replaces DIET's intent and
ranking with `diet_weight` × DIET + (1 − diet_weight) × the linear model, so the fallback
threshold applies to the blend. The weight and the threshold were chosen on the development split
(bench/nlu_dev), never on the held-out files.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from bot.components.knowledge import INTENT_NAME, TOPIC, all_questions, normalised, text_features
from bot.components.stored_model import StoredModelComponent

_CONFIDENCE = "confidence"
_RANKED = 10  # as many as DIET's ranking
DIET_RANKING = "diet_ranking"  # in the parse data: DIET's best three before the blend


def new_classifier():
    # Balanced: unsupported_banking has every article question (about 2,000) against ~150 each.
    return make_pipeline(text_features(), LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced"))


def classifier_training(training_data: TrainingData) -> tuple[list[str], list[str]]:
    """Every intent example, and every article question as `unsupported_banking` (the importer's
    few are among them already: left out here so none counts twice)."""
    examples = [m for m in training_data.intent_examples if m.get(TEXT) and not m.get(TOPIC)]
    texts = [m.get(TEXT) for m in examples] + [q for q, _ in all_questions()]
    labels = [m.get(INTENT) for m in examples] + [INTENT_NAME] * (len(texts) - len(examples))
    return [normalised(t) for t in texts], labels


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentBlender(StoredModelComponent):
    """DIET's ranking blended with a linear model's, before the fallback classifier."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"diet_weight": 0.3}

    def fit(self, training_data: TrainingData) -> Any:
        texts, labels = classifier_training(training_data)
        return new_classifier().fit(texts, labels) if len(set(labels)) >= 2 else None

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        classes = [str(c) for c in self.model.classes_]
        probabilities = self.model.predict_proba([normalised(m.get(TEXT) or "") for m in messages])
        weight = float(self.config["diet_weight"])
        for message, linear in zip(messages, probabilities, strict=True):
            blend = {name: (1 - weight) * float(p) for name, p in zip(classes, linear, strict=True)}
            diet = message.get(INTENT_RANKING_KEY) or []
            for ranked in diet:
                name = ranked.get(INTENT_NAME_KEY)
                blend[name] = blend.get(name, 0.0) + weight * float(ranked.get(_CONFIDENCE) or 0.0)
            # DIET's own say, kept for decisions calibrated on its confidences (actions/free_text.py).
            message.set(DIET_RANKING, diet[:3], add_to_output=True)
            ranking = [
                {INTENT_NAME_KEY: name, _CONFIDENCE: confidence}
                for name, confidence in sorted(blend.items(), key=lambda item: -item[1])[:_RANKED]
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
