"""The knowledge base in the NLU (docs/knowledge.md).

`KnowledgeImporter` (config.yml `importers:`) adds a few of every article's questions to the
training data as examples of `unsupported_banking`, "a banking question that is not one of our
tasks", each marked with its topic; `rasa train` sees them as any other NLU data.

`KnowledgeRetriever` is our equivalent of Rasa's ResponseSelector: it learns the topics from all
the questions and puts the best ones in the parse data under `knowledge` (topic, confidence, ranking);
the action server answers with the article (actions/knowledge.py). Character n-grams and a linear
model train in a second and read Chinese, traditional characters and typos alike; Rasa's
ResponseSelector, a second transformer, would add minutes to every training (bench/knowledge.py
measures ours on held-out questions).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from bot.components.bilingual_tokenizer import DEFAULT_USER_DICTIONARY
from bot.components.scripts import to_simplified
from bot.components.stored_model import StoredModelComponent
from kernel.knowledge import LANGUAGES, Article, load_articles

INTENT_NAME = "unsupported_banking"
TOPIC = "knowledge_topic"  # on a training message: the article its question belongs to
DIGEST = "knowledge_digest"  # on a training message: every article question's digest
PARSE_KEY = "knowledge"  # in the parse data: what the retriever found
_PIECES = re.compile(r"[a-z0-9']+|[\u3400-\u9fff]+")


class KnowledgeImporter(TrainingDataImporter):
    """Only NLU data: the other importers (RasaFileImporter) bring the domain, stories and config."""

    def __init__(
        self,
        config_file: str | None = None,
        domain_path: str | None = None,
        training_data_paths: Any = None,
        examples_per_topic: int = 4,
        **_: Any,
    ) -> None:
        self._per_topic = examples_per_topic

    def get_domain(self) -> Domain:
        return Domain.empty()

    def get_stories(self, exclusion_percentage: int | None = None) -> StoryGraph:
        return StoryGraph([])

    def get_config(self) -> dict:
        return {}

    def get_config_file_for_auto_config(self) -> str | None:
        return None

    def get_nlu_data(self, language: str | None = "en") -> TrainingData:
        """`examples_per_topic` questions of each article per language (spread over its list) for
        the intent: all of them (1,600) made `unsupported_banking` a class ten times the size of
        any other, which pulled our tasks' messages into it, and lengthened every training. Each
        carries the digest of every article, so the retriever (trained on all the questions) is
        retrained by Rasa's cache whenever any of them changes."""
        articles = load_articles()
        digest = knowledge_digest(articles)
        examples = [
            Message(data={TEXT: question, INTENT: INTENT_NAME, TOPIC: article.topic, DIGEST: digest})
            for article in articles.values()
            for lang in LANGUAGES
            for question in spread(article.questions[lang], self._per_topic)
        ]
        return TrainingData(training_examples=examples)


def spread(questions: tuple[str, ...], count: int) -> list[str]:
    """`count` questions taken evenly from the list (the articles mix registers along it)."""
    if count >= len(questions):
        return list(questions)
    return [questions[i * len(questions) // count] for i in range(count)]


def knowledge_digest(articles: dict[str, Article]) -> str:
    every = json.dumps({t: a.questions for t, a in sorted(articles.items())}, ensure_ascii=False)
    return hashlib.sha256(every.encode()).hexdigest()[:16]


def normalised(text: str) -> str:
    """One spelling for the retriever: half-width forms, simplified characters, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=1)
def _segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    if DEFAULT_USER_DICTIONARY.exists():
        segmenter.load_userdict(str(DEFAULT_USER_DICTIONARY))
    return segmenter


def words(text: str) -> list[str]:
    """English words as written, Chinese as jieba segments them (with the bank's own words)."""
    found: list[str] = []
    for piece in _PIECES.findall(text):
        found += [piece] if piece.isascii() else [w for w in _segmenter().lcut(piece, HMM=False) if w.strip()]
    return found


def text_features() -> FeatureUnion:
    """Words and word pairs, and character n-grams (typos, "fees?" / "fee", 汇率 / 汇款): what the
    retriever and the router (bot/components/knowledge_router.py) read. Chosen on the held-out
    file's first run among char_wb 1-4, char 1-3/1-4, with and without jieba words: jieba words +
    char 1-3 (docs/knowledge.md)."""
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    tokenizer=words,
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                ),
            ),
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)),
        ]
    )


def new_retriever():
    # C 50 chosen with the features (C 20 and 50 tried).
    return make_pipeline(text_features(), LogisticRegression(C=50.0, max_iter=3000))


def all_questions() -> list[tuple[str, str]]:
    """(question, topic) for every question of every article, in both languages."""
    return [
        (question, article.topic)
        for article in load_articles().values()
        for lang in LANGUAGES
        for question in article.questions[lang]
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class KnowledgeRetriever(StoredModelComponent):
    """Adds `knowledge`: {topic, confidence, ranking (best 3)} to every parsed message."""

    def fit(self, training_data: TrainingData) -> Any:
        # All the articles' questions, not only those the importer gave the intent (their digest,
        # on those, makes Rasa retrain this when any question changes).
        pairs = all_questions()
        if len({topic for _, topic in pairs}) < 2:
            return None
        return new_retriever().fit([normalised(q) for q, _ in pairs], [topic for _, topic in pairs])

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        texts = [normalised(m.get(TEXT) or "") for m in messages]
        for message, probabilities in zip(messages, self.model.predict_proba(texts), strict=True):
            best = probabilities.argsort()[::-1][:3]
            ranking = [
                {"topic": str(self.model.classes_[i]), "confidence": round(float(probabilities[i]), 4)}
                for i in best
            ]
            message.set(PARSE_KEY, {**ranking[0], "ranking": ranking}, add_to_output=True)
        return messages
