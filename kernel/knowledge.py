"""The bank's knowledge base as written in `data/knowledge/*.yml` (docs/knowledge.md): articles
with a topic, the questions customers ask and the answer in en and zh. Read by both runtimes: Rasa
trains on the questions (bot/components/knowledge.py), the action server answers with the
articles (actions/knowledge.py). PyYAML is in both runtimes (Rasa's own dependency)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "data" / "knowledge"
LANGUAGES = ("en", "zh")
# The retriever's confidence from which an article is answered (below it: "no article", and the
# knowledge router leaves the message alone). Chosen by `bench.knowledge --threshold` on dev data.
ANSWER_CONFIDENCE = 0.30
# What an answer may ask the action to fill from the bank: `{fees:atm}`, `{fx}`, `{limits}` …
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z_]+))?\}")


@dataclass(frozen=True)
class Article:
    topic: str
    title: dict[str, str]
    questions: dict[str, tuple[str, ...]]
    answer: dict[str, str]


class KnowledgeError(ValueError):
    """An article file the bank edited cannot be read: named with the file and the topic."""


def _article(raw: dict, source: Path) -> Article:
    topic = raw.get("topic")
    if not topic or not isinstance(topic, str):
        raise KnowledgeError(f"{source.name}: an article without a topic")
    try:
        return Article(
            topic=topic,
            title={lang: str(raw["title"][lang]) for lang in LANGUAGES},
            questions={
                lang: tuple(str(q).strip() for q in raw["questions"][lang] if str(q).strip())
                for lang in LANGUAGES
            },
            answer={lang: str(raw["answer"][lang]).strip() for lang in LANGUAGES},
        )
    except (KeyError, TypeError) as missing:
        raise KnowledgeError(
            f"{source.name}: {topic}: missing {missing} (title, questions and answer in en and zh)"
        ) from None


def load_articles(directory: Path = KNOWLEDGE_DIR) -> dict[str, Article]:
    """Every article by topic, files in name order; a topic written twice is an error."""
    articles: dict[str, Article] = {}
    for source in sorted(directory.glob("*.yml")):
        content = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        for raw in content.get("articles") or []:
            article = _article(raw, source)
            if article.topic in articles:
                raise KnowledgeError(f"{source.name}: topic {article.topic} is written twice")
            articles[article.topic] = article
    return articles
