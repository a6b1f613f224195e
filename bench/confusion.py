"""Per-intent precision and recall and the most frequent confusions, from (expected, predicted)
pairs of a held-out file: where the NLU goes wrong, not only how often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Both make the bot say it cannot help: for an out_of_scope example, either is right.
OUT_OF_SCOPE_ANSWERS = frozenset({"out_of_scope", "nlu_fallback"})


def as_scored(expected: str, predicted: str) -> str:
    """The prediction as it is scored: nlu_fallback on an out_of_scope example is out_of_scope."""
    if expected == "out_of_scope" and predicted in OUT_OF_SCOPE_ANSWERS:
        return "out_of_scope"
    return predicted


def per_intent(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, float | int | None]]:
    """For every intent expected or predicted: precision (None when never predicted), recall
    (None when never expected) and support (how many examples expect it)."""
    scored = [(expected, as_scored(expected, predicted)) for expected, predicted in pairs]
    expected_n = Counter(e for e, _ in scored)
    predicted_n = Counter(p for _, p in scored)
    right_n = Counter(e for e, p in scored if e == p)
    table = {}
    for intent in sorted(set(expected_n) | set(predicted_n)):
        right = right_n[intent]
        table[intent] = {
            "precision": round(right / predicted_n[intent], 4) if predicted_n[intent] else None,
            "recall": round(right / expected_n[intent], 4) if expected_n[intent] else None,
            "support": expected_n[intent],
        }
    return table


def top_confusions(pairs: Iterable[tuple[str, str]], most: int = 10) -> list[tuple[str, str, int]]:
    """The commonest (expected, predicted, count) mistakes, most frequent first."""
    wrong = Counter(
        (expected, as_scored(expected, predicted))
        for expected, predicted in pairs
        if as_scored(expected, predicted) != expected
    )
    return [(e, p, n) for (e, p), n in wrong.most_common(most)]
