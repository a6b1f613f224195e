"""A tokenizer for English and Chinese in one model.

Latin-script runs go through spaCy's rule-based English tokenizer (`spacy.blank("en")`, no
pretrained weights); CJK runs are converted traditional → simplified with OpenCC and
segmented by jieba with the bank's user dictionary. Token offsets always point into the
original text, so entity annotations and extracted values stay exact.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.components.scripts import CJK_RUN, to_simplified

logger = logging.getLogger(__name__)

DEFAULT_USER_DICTIONARY = Path(__file__).resolve().parent.parent / "resources" / "zh_userdict.txt"
# Split text into CJK runs and everything else; everything else is spaCy's business.
_RUNS = re.compile(CJK_RUN.pattern + r"|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class BilingualTokenizer(Tokenizer):
    """spaCy (rule-based, English) for Latin script, OpenCC + jieba for Chinese."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # Path of a jieba user dictionary; relative paths are read from the working directory.
            "user_dictionary": None,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        import jieba
        import spacy

        self._english = spacy.blank("en").tokenizer
        self._jieba = jieba.Tokenizer()
        jieba.setLogLevel(logging.WARNING)
        user_dictionary = Path(config.get("user_dictionary") or DEFAULT_USER_DICTIONARY)
        if user_dictionary.exists():
            self._jieba.load_userdict(str(user_dictionary))
        else:
            logger.warning("jieba user dictionary %s not found; segmenting without it", user_dictionary)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BilingualTokenizer:
        return cls(config)

    @staticmethod
    def supported_languages() -> list[str] | None:
        return None

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy", "jieba"]  # and opencc-python-reimplemented, imported as `opencc`

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute)
        tokens: list[Token] = []
        for run in _RUNS.finditer(text):
            chunk, offset = run.group(), run.start()
            if CJK_RUN.fullmatch(chunk):
                tokens.extend(self._chinese_tokens(chunk, offset))
            else:
                tokens.extend(self._latin_tokens(chunk, offset))
        if not tokens:  # Rasa expects at least one token per message.
            tokens = [Token(text, 0)] if text else []
        return self._apply_token_pattern(tokens)

    def _chinese_tokens(self, chunk: str, offset: int) -> list[Token]:
        simplified = to_simplified(chunk)
        return [
            Token(word, offset + start, offset + end)
            # HMM off: an unknown name falls apart into characters ("张/三/丰/转") instead of
            # being glued to the next verb ("张三丰转"), so the entity tagger can still find it.
            for word, start, end in self._jieba.tokenize(simplified, HMM=False)
            if word.strip()
        ]

    def _latin_tokens(self, chunk: str, offset: int) -> list[Token]:
        return [
            Token(t.text, offset + t.idx, offset + t.idx + len(t.text))
            for t in self._english(chunk)
            if not t.is_space
        ]
