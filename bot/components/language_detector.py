"""Marks each message with the customer's language as a `language` entity.

The `language` slot maps from this entity, so it is set on every turn that carries a
signal and kept on turns that do not ("ok", "2"), and responses pick their
language with Rasa's conditional response variations.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.scripts import detect_language, is_traditional


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent):
    """Adds entities `language` ('en' | 'zh') and `script` ('hant' | 'hans') when the text shows them."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect_language(text)
            if language is None:
                continue
            found = [self._entity("language", language, text)]
            if language == "zh":
                found.append(self._entity("script", "hant" if is_traditional(text) else "hans", text))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    @staticmethod
    def _entity(name: str, value: str, text: str) -> dict[str, Any]:
        return {
            "entity": name,
            "value": value,
            "start": 0,
            "end": len(text),
            "confidence": 1.0,
            "extractor": "LanguageDetector",
        }
