"""NLU bench: parse latency (p50/p99) and intent accuracy on the held-out test sets, per
language, through a running Rasa's HTTP `/model/parse`, one request at a time after a warm-up.

An out_of_scope example counts as right when the prediction is out_of_scope or nlu_fallback
(the FallbackClassifier's "not understood"), since both make the bot say it cannot help.

Run: .venv/bin/python -m bench.nlu [--rasa-url URL --token T]   (without a URL it starts a stack)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bankbot_cli.paths import ROOT
from bench import results
from bench.confusion import as_scored, per_intent, top_confusions
from bench.machine import describe
from bench.nlu_examples import Example, load_examples
from bench.stack import RASA_TOKEN, start_stack
from bench.stats import summary_ms

TEST_SETS = {"en": ROOT / "tests/nlu/test_en.yml", "zh": ROOT / "tests/nlu/test_zh.yml"}
WARM_UP = 30


def is_right(expected: str, predicted: str) -> bool:
    return as_scored(expected, predicted) == expected


def parse(client: httpx.Client, token: str, text: str) -> str:
    response = client.post("/model/parse", params={"token": token}, json={"text": text})
    response.raise_for_status()
    return (response.json().get("intent") or {}).get("name") or ""


def measure(client: httpx.Client, token: str, examples: list[Example]) -> dict:
    latencies, misses, pairs = [], [], []
    for example in examples:
        started = time.perf_counter()
        predicted = parse(client, token, example.text)
        latencies.append(time.perf_counter() - started)
        pairs.append((example.intent, predicted))
        if not is_right(example.intent, predicted):
            misses.append({"text": example.text, "expected": example.intent, "predicted": predicted})
    right = len(examples) - len(misses)
    return {
        "examples": len(examples),
        "right": right,
        "accuracy": round(right / len(examples), 4) if examples else None,
        "latency": summary_ms(latencies),
        "misses_by_intent": dict(Counter(m["expected"] for m in misses).most_common()),
        "per_intent": per_intent(pairs),
        "top_confusions": [list(c) for c in top_confusions(pairs)],
        "misses": misses,
    }


def run(rasa_url: str, token: str) -> dict[str, dict]:
    sets = {language: load_examples(path) for language, path in TEST_SETS.items()}
    with httpx.Client(base_url=rasa_url, timeout=30) as client:
        mixed = [e for pair in zip(sets["en"], sets["zh"], strict=False) for e in pair]
        for example in mixed[:WARM_UP]:  # first parses load lazily built pieces (jieba, TF graphs)
            parse(client, token, example.text)
        return {language: measure(client, token, examples) for language, examples in sets.items()}


def report(figures: dict[str, dict], machine: dict) -> None:
    rows = []
    for language, f in figures.items():
        lat = f["latency"]
        rows.append(
            [language, f["examples"], f"{f['accuracy']:.1%}", lat["p50_ms"], lat["p99_ms"], lat["mean_ms"]]
        )
        print(
            f"  {language}: {f['examples']} examples, accuracy {f['accuracy']:.1%}, "
            f"parse p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms"
        )
    table = results.markdown_table(
        ["language", "examples", "intent accuracy", "p50 ms", "p99 ms", "mean ms"], rows
    )
    misses = []
    for language, f in figures.items():
        top = ", ".join(f"{intent} {n}" for intent, n in f["misses_by_intent"].items())
        misses.append(f"- {language}: {top or 'none'}")
    sections = [
        "## Parse latency and intent accuracy\n\nThrough `POST /model/parse`, one request at a time, "
        f"after {WARM_UP} warm-up parses. out_of_scope counts as right when predicted out_of_scope or "
        "nlu_fallback.\n\n" + table,
        "## Misses by expected intent\n\n" + "\n".join(misses) + "\n\nEach miss is listed in `nlu.json`.",
    ]
    sections += [confusion_section(language, f) for language, f in figures.items()]
    path = results.write("nlu", "NLU: parse latency and intent accuracy", figures, sections, [], machine)
    print(f"  written {path} and {path.with_suffix('.json')}")


def confusion_section(language: str, figures: dict) -> str:
    """Per-intent precision and recall, and the commonest confusions, of one language's file."""

    def percent(value: float | None) -> str:
        return "–" if value is None else f"{value:.0%}"

    rows = [
        [intent, row["support"], percent(row["precision"]), percent(row["recall"])]
        for intent, row in figures["per_intent"].items()
    ]
    table = results.markdown_table(["intent", "examples", "precision", "recall"], rows)
    confusions = "\n".join(f"- {e} → {p}: {n}" for e, p, n in figures["top_confusions"]) or "- none"
    heading = "Commonest confusions (expected → predicted):"
    return f"## {language}: per intent\n\n{table}\n\n{heading}\n\n{confusions}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rasa-url", help="a running Rasa (default: start a stack for the bench)")
    parser.add_argument("--token", default=RASA_TOKEN, help="Rasa's API token")
    args = parser.parse_args(argv)
    machine = describe()
    if args.rasa_url:
        report(run(args.rasa_url, args.token), machine)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as tmp:
        print("NLU bench: starting a stack ...", flush=True)
        stack = start_stack(Path(tmp))
        try:
            report(run(stack.rasa_url, RASA_TOKEN), machine)
        finally:
            stack.stop_leaving_nothing()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
