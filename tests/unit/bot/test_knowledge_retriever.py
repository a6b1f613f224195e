"""The knowledge base in the NLU (bot/components/knowledge.py), run in the core runtime: the
importer gives Rasa a few questions per article and language (config.yml) as
`unsupported_banking`, and the retriever trained on all of them finds the article of questions
worded otherwise, in either script."""

from __future__ import annotations

from kernel.knowledge import load_articles
from tests.support.core_runtime import run_in_core

SCRIPT = r"""
import json
from rasa.shared.nlu.training_data.message import Message
from bot.components.knowledge import KnowledgeImporter, TOPIC, new_retriever, normalised
from kernel.knowledge import load_articles
examples = KnowledgeImporter(examples_per_topic=4).get_nlu_data().training_examples
pairs = [(q, a.topic) for a in load_articles().values() for lang in ("en", "zh") for q in a.questions[lang]]
model = new_retriever().fit([normalised(q) for q, _ in pairs], [t for _, t in pairs])
asked = [
    "wat r ur fees 4 sending $$ overseas",
    "周末网点开不开门",
    "週末網點開不開門",
    "how much is 200 euros in dollars",
]
print(json.dumps({
    "intents": sorted({m.get("intent") for m in examples}),
    "count": len(examples),
    "topics": len({m.get(TOPIC) for m in examples}),
    "found": [str(t) for t in model.predict([normalised(q) for q in asked])],
}))
"""


def test_the_article_questions_train_the_intent_and_the_retriever_finds_articles():
    result = run_in_core(SCRIPT)
    articles = load_articles()
    assert result["intents"] == ["unsupported_banking"]
    assert result["topics"] == len(articles)
    assert result["count"] == 4 * 2 * len(articles)  # four per topic and language for the intent
    assert result["found"] == ["fees_international_wire", "branch_hours", "branch_hours", "exchange_rates"]
