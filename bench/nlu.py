"""NLU bench: intent accuracy, out-of-scope handling, per-intent precision and recall, the
commonest confusions and parse latency (p50/p99) on every held-out test file, through a running
Rasa's HTTP `/model/parse`, one request at a time after a warm-up.

The held-out files, per language: tests/nlu/test_*.yml (written in the style of our own data)
and tests/nlu/forum_*.yml (the way customers write on help pages, forums and chat). Scoring
(bench/confusion.py): an out_of_scope example is right when predicted out_of_scope or
nlu_fallback; "false alarms" = in-scope examples predicted out_of_scope, unsupported_banking or
nlu_fallback; "caught" = not-ours examples (out_of_scope, unsupported_banking) predicted one of
those three.

Run: .venv/bin/python -m bench.nlu [--rasa-url URL --token T]   (without a URL it starts a stack)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import httpx

from bankbot_cli.paths import ROOT
from bench import results
from bench.confusion import as_scored, summary
from bench.machine import describe
from bench.nlu_examples import Example, load_examples
from bench.stack import RASA_TOKEN, start_stack
from bench.stats import summary_ms

# name → (language, file); never trained on (docs/nlu.md).
TEST_FILES = {
    "test_en": ("en", ROOT / "tests/nlu/test_en.yml"),
    "test_zh": ("zh", ROOT / "tests/nlu/test_zh.yml"),
    "forum_en": ("en", ROOT / "tests/nlu/forum_en.yml"),
    "forum_zh": ("zh", ROOT / "tests/nlu/forum_zh.yml"),
}
WARM_UP = 30
# Issue 13's bar, for every held-out file.
MIN_ACCURACY, MAX_FALSE_ALARMS, MIN_CAUGHT = 0.95, 0.05, 0.90


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
    return {
        **summary(pairs),
        "right": len(examples) - len(misses),
        "latency": summary_ms(latencies),
        "misses": misses,
    }


def run(rasa_url: str, token: str) -> dict[str, dict]:
    sets = {name: load_examples(path) for name, (_, path) in TEST_FILES.items()}
    with httpx.Client(base_url=rasa_url, timeout=30) as client:
        mixed = [e for group in zip(*sets.values(), strict=False) for e in group]
        for example in mixed[:WARM_UP]:  # first parses load lazily built pieces (jieba, TF graphs)
            parse(client, token, example.text)
        return {
            name: {"language": TEST_FILES[name][0], **measure(client, token, examples)}
            for name, examples in sets.items()
        }


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def targets(figures: dict[str, dict]) -> list[results.Target]:
    out = []
    for name, f in figures.items():
        as_percent = {
            k: None if f[k] is None else round(f[k] * 100, 2) for k in ("accuracy", "false_alarms", "caught")
        }
        out += [
            results.at_least(f"{name} intent accuracy", MIN_ACCURACY * 100, as_percent["accuracy"], "%"),
            results.at_most(f"{name} false alarms", MAX_FALSE_ALARMS * 100, as_percent["false_alarms"], "%"),
            results.at_least(f"{name} out-of-scope caught", MIN_CAUGHT * 100, as_percent["caught"], "%"),
        ]
    return out


def report(figures: dict[str, dict], machine: dict) -> None:
    rows = []
    for name, f in figures.items():
        lat = f["latency"]
        rows.append(
            [
                name,
                f["language"],
                f["examples"],
                percent(f["accuracy"]),
                percent(f["false_alarms"]),
                percent(f["caught"]),
                lat["p50_ms"],
                lat["p99_ms"],
            ]
        )
        print(
            f"  {name}: {f['examples']} examples, accuracy {percent(f['accuracy'])}, false alarms "
            f"{percent(f['false_alarms'])}, caught {percent(f['caught'])}, parse p50 {lat['p50_ms']} ms"
        )
    table = results.markdown_table(
        ["file", "language", "examples", "intent accuracy", "false alarms", "caught", "p50 ms", "p99 ms"],
        rows,
    )
    misses = []
    for name, f in figures.items():
        top = ", ".join(f"{intent} {n}" for intent, n in f["misses_by_intent"].items())
        misses.append(f"- {name}: {top or 'none'}")
    sections = [
        "## Intent accuracy, out-of-scope handling and parse latency\n\n"
        f"Through `POST /model/parse`, one request at a time, after {WARM_UP} warm-up parses. "
        "out_of_scope counts as right when predicted out_of_scope or nlu_fallback. False alarms: "
        "in-scope examples predicted out_of_scope, unsupported_banking or nlu_fallback; caught: "
        "out_of_scope and unsupported_banking examples predicted one of those.\n\n" + table,
        "## Misses by expected intent\n\n" + "\n".join(misses) + "\n\nEach miss is listed in `nlu.json`.",
    ]
    sections += [confusion_section(name, f) for name, f in figures.items()]
    goals = targets(figures)
    results.print_targets(goals)
    path = results.write(
        "nlu", "NLU: intent accuracy on the held-out files", figures, sections, goals, machine
    )
    print(f"  written {path} and {path.with_suffix('.json')}")


def confusion_section(name: str, figures: dict) -> str:
    """Per-intent precision and recall, and the commonest confusions, of one held-out file."""
    rows = [
        [intent, row["support"], percent(row["precision"]), percent(row["recall"])]
        for intent, row in figures["per_intent"].items()
    ]
    table = results.markdown_table(["intent", "examples", "precision", "recall"], rows)
    confusions = "\n".join(f"- {e} → {p}: {n}" for e, p, n in figures["top_confusions"]) or "- none"
    heading = "Commonest confusions (expected → predicted):"
    return f"## {name} ({figures['language']}): per intent\n\n{table}\n\n{heading}\n\n{confusions}"


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
