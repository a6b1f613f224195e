"""How a held-out file is scored, from (expected, predicted) pairs: accuracy, the two out-of-scope
figures, per-intent precision and recall and the most frequent confusions — where the NLU goes
wrong, not only how often. One place for these rules: bench.nlu, bench.nlu_offline and
bench.threshold all score through here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

FALLBACK = "nlu_fallback"
# "Not ours": outside banking, and banking tasks the bot does not do.
NOT_OURS = frozenset({"out_of_scope", "unsupported_banking"})
# Every prediction that makes the bot say it cannot help here (or did not understand).
NOT_OURS_ANSWERS = NOT_OURS | {FALLBACK}
# For an out_of_scope example the fallback is as good as out_of_scope: both say "not here".
OUT_OF_SCOPE_ANSWERS = frozenset({"out_of_scope", FALLBACK})


def as_scored(expected: str, predicted: str) -> str:
    """The prediction as it is scored: nlu_fallback on an out_of_scope example is out_of_scope."""
    if expected == "out_of_scope" and predicted in OUT_OF_SCOPE_ANSWERS:
        return "out_of_scope"
    return predicted


def after_fallback(
    intent: str, confidence: float, runner_up: float | None, threshold: float, ambiguity: float = 0.0
) -> str:
    """What Rasa's FallbackClassifier makes of the classifier's raw top intent: nlu_fallback when
    its confidence is below `threshold`, or when it leads the runner-up by less than `ambiguity`."""
    if confidence < threshold:
        return FALLBACK
    if ambiguity and runner_up is not None and confidence - runner_up < ambiguity:
        return FALLBACK
    return intent


def _share(hits: int, of: int) -> float | None:
    return round(hits / of, 4) if of else None


def accuracy(pairs: Sequence[tuple[str, str]]) -> float | None:
    return _share(sum(1 for e, p in pairs if as_scored(e, p) == e), len(pairs))


def false_alarms(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Share of in-scope examples the bot would turn away (out_of_scope, unsupported_banking or
    not understood)."""
    ours = [p for e, p in pairs if e not in NOT_OURS]
    return _share(sum(1 for p in ours if p in NOT_OURS_ANSWERS), len(ours))


def caught(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Share of not-ours examples the bot would not try to serve as one of its tasks."""
    theirs = [p for e, p in pairs if e in NOT_OURS]
    return _share(sum(1 for p in theirs if p in NOT_OURS_ANSWERS), len(theirs))


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


def summary(pairs: Sequence[tuple[str, str]], most: int = 10) -> dict:
    """All the figures of one file."""
    return {
        "examples": len(pairs),
        "accuracy": accuracy(pairs),
        "false_alarms": false_alarms(pairs),
        "caught": caught(pairs),
        "misses_by_intent": dict(Counter(e for e, p in pairs if as_scored(e, p) != e).most_common()),
        "per_intent": per_intent(pairs),
        "top_confusions": [list(c) for c in top_confusions(pairs, most)],
    }
