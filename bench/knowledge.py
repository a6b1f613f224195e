"""How well the knowledge base finds the article a customer asks for (docs/knowledge.md).

    .venv-core/bin/python -m bench.knowledge                 # the retriever alone, on tests/knowledge
    .venv-core/bin/python -m bench.knowledge --model M       # the whole NLU of a trained model
    .venv-core/bin/python -m bench.knowledge --threshold     # choose the confidence (dev data only)

Retriever alone: trained on data/knowledge's questions, scored on the held-out questions
(tests/knowledge/heldout_{en,zh}.yml, written from the topic list by someone who never saw the
articles; never trained or tuned on). Whole NLU: a question counts as answered right only when the
model's intent is `unsupported_banking`, its `knowledge` topic is the label and the confidence
reaches actions/knowledge.py's CONFIDENCE. Per language and per topic; bench/results/knowledge.md.

--threshold uses only the articles' own questions (5-fold, stratified) and bench/knowledge_dev's
banking questions that have no article: the confidence with the most right answers minus wrong
ones (a wrong article or an article for a question we have none for).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.components.knowledge import new_retriever, normalised  # noqa: E402
from kernel.knowledge import LANGUAGES, load_articles  # noqa: E402

HELD_OUT = ROOT / "tests" / "knowledge"
DEV = ROOT / "bench" / "knowledge_dev"
RESULTS = ROOT / "bench" / "results" / "knowledge.md"  # the whole NLU (--model)
RETRIEVER_RESULTS = ROOT / "bench" / "results" / "knowledge_retriever.md"  # the retriever alone
TARGET = 0.90


def confidence_used() -> float:
    source = (ROOT / "actions" / "knowledge.py").read_text(encoding="utf-8")
    return float(re.search(r"^CONFIDENCE = ([0-9.]+)", source, re.M).group(1))


def held_out(language: str) -> list[tuple[str, str]]:
    document = yaml.safe_load((HELD_OUT / f"heldout_{language}.yml").read_text(encoding="utf-8"))
    return [(str(q), block["topic"]) for block in document["questions"] for q in block["examples"]]


def training() -> tuple[list[str], list[str], list[str]]:
    texts, topics, languages = [], [], []
    for article in load_articles().values():
        for language in LANGUAGES:
            for question in article.questions[language]:
                texts.append(question)
                topics.append(article.topic)
                languages.append(language)
    return texts, topics, languages


def retriever_predictions(questions: list[str]) -> list[tuple[str, float]]:
    texts, topics, _ = training()
    model = new_retriever().fit([normalised(t) for t in texts], topics)
    out = []
    for probabilities in model.predict_proba([normalised(q) for q in questions]):
        best = probabilities.argmax()
        out.append((str(model.classes_[best]), float(probabilities[best])))
    return out


async def model_predictions(model: Path, questions: list[str]) -> list[tuple[str, float]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    out = []
    for question in questions:
        parsed = await agent.parse_message(question)
        found = parsed.get("knowledge") or {}
        intent = (parsed.get("intent") or {}).get("name")
        topic = found.get("topic") if intent == "unsupported_banking" else f"(intent {intent})"
        out.append((str(topic), float(found.get("confidence") or 0.0)))
    return out


def score(pairs: list[tuple[str, str]], predictions, threshold: float) -> tuple[float, dict, Counter]:
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusions: Counter = Counter()
    for (_question, topic), (found, confidence) in zip(pairs, predictions, strict=True):
        right = found == topic and confidence >= threshold
        per_topic[topic][0] += right
        per_topic[topic][1] += 1
        if not right:
            confusions[(topic, found if confidence >= threshold else "(no article)")] += 1
    accuracy = sum(r for r, _ in per_topic.values()) / max(1, sum(n for _, n in per_topic.values()))
    return accuracy, per_topic, confusions


def choose_threshold() -> None:
    from sklearn.model_selection import StratifiedKFold

    texts, topics, _ = training()
    negatives = []
    for language in LANGUAGES:
        path = DEV / f"no_article_{language}.yml"
        if path.exists():
            negatives += [str(q) for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    predicted: list[tuple[str, float]] = [("", 0.0)] * len(texts)
    negative_confidence: list[float] = []
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    for train, test in folds.split(texts, topics):
        model = new_retriever().fit([normalised(texts[i]) for i in train], [topics[i] for i in train])
        probabilities = model.predict_proba([normalised(texts[i]) for i in test])
        for i, p in zip(test, probabilities, strict=True):
            predicted[i] = (str(model.classes_[p.argmax()]), float(p.max()))
        if negatives:
            negative_confidence += [
                float(p.max()) for p in model.predict_proba([normalised(q) for q in negatives])
            ]
    print(f"{len(texts)} article questions (5-fold), {len(negatives)} questions without an article (dev)")
    print("threshold  right  wrong-article  no-article-answered  score")
    best = None
    for step in range(5, 75, 5):
        threshold = step / 100
        right = sum(f == t and c >= threshold for (f, c), t in zip(predicted, topics, strict=True))
        wrong = sum(f != t and c >= threshold for (f, c), t in zip(predicted, topics, strict=True))
        answered_none = sum(c >= threshold for c in negative_confidence) / 5
        value = right - wrong - answered_none
        print(f"{threshold:9.2f}  {right:5d}  {wrong:13d}  {answered_none:19.1f}  {value:6.1f}")
        if best is None or value > best[1]:
            best = (threshold, value)
    print(f"chosen: {best[0]:.2f} (most right answers minus wrong ones)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a trained model: score the whole NLU")
    parser.add_argument("--threshold", action="store_true", help="choose the confidence on dev data")
    args = parser.parse_args(argv)
    if args.threshold:
        choose_threshold()
        return 0
    threshold = confidence_used()
    lines = [
        "# Knowledge base retrieval on held-out questions",
        "",
        f"`python -m bench.knowledge{' --model' if args.model else ''}`; "
        f"{'whole NLU (intent unsupported_banking and the topic)' if args.model else 'the retriever alone'}, "
        f"confidence ≥ {threshold}. Target {TARGET:.2f} per language.",
        "",
    ]
    missed_all = True
    for language in LANGUAGES:
        pairs = held_out(language)
        started = time.perf_counter()
        questions = [q for q, _ in pairs]
        predictions = (
            asyncio.run(model_predictions(args.model, questions))
            if args.model
            else retriever_predictions(questions)
        )
        seconds = time.perf_counter() - started
        accuracy, per_topic, confusions = score(pairs, predictions, threshold)
        missed_all &= accuracy < TARGET
        verdict = "pass" if accuracy >= TARGET else "MISS"
        print(f"{language}: {accuracy:.3f} on {len(pairs)} held-out questions ({verdict}; {seconds:.1f} s)")
        lines += [
            f"## {language}: {accuracy:.3f} ({len(pairs)} questions, {verdict})",
            "",
            "| topic | right |",
            "| --- | --- |",
        ]
        lines += [f"| {topic} | {r}/{n} |" for topic, (r, n) in sorted(per_topic.items())]
        lines += ["", "Commonest misses (label → found):", ""]
        lines += [f"- {topic} → {found}: {n}" for (topic, found), n in confusions.most_common(12)]
        lines.append("")
    written = RESULTS if args.model else RETRIEVER_RESULTS
    written.parent.mkdir(parents=True, exist_ok=True)
    written.write_text("\n".join(lines), encoding="utf-8")
    print(f"written: {written.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
