"""NLU without a stack: train the NLU part alone (cached by a hash of what it reads) and score
test files through Rasa's own parser in this process. For working on training data: minutes
quicker than `make train` + `make nlu-report`, and it keeps each example's raw confidence so any
fallback threshold can be tried afterwards without parsing again.

Runs in the core runtime (Rasa's Python):

    PYTHONPATH=. .venv-core/bin/python -m bench.nlu_offline tests/nlu/test_en.yml tests/nlu/test_zh.yml
    ... --config other_config.yml     # another pipeline, e.g. with pretrained features
    ... --threshold 0.4               # score with another fallback threshold than config.yml's

A prediction below the threshold is nlu_fallback ("not understood"); for an example labelled
out_of_scope that counts as right (bench/confusion.py).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.confusion import as_scored, top_confusions  # noqa: E402
from bench.nlu_examples import load_examples  # noqa: E402

CACHE = Path(os.environ.get("BANKBOT_NLU_CACHE", Path.home() / ".cache/bankbot/nlu-models"))
READ = ("data/nlu", "bot/components", "bot/resources")


def fingerprint(config: Path) -> str:
    digest = hashlib.sha256(config.read_bytes())
    for root in READ:
        for path in sorted((ROOT / root).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def trained_model(config: Path) -> tuple[Path, float | None]:
    """The NLU model for this config and data: from the cache, else trained (and its seconds)."""
    out = CACHE / fingerprint(config)
    models = sorted(out.glob("*.tar.gz"))
    if models:
        return models[-1], None
    out.mkdir(parents=True, exist_ok=True)
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.rasa_train",
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            str(ROOT / "data/nlu"),
            "--out",
            str(out),
            "--fixed-model-name",
            "nlu",
        ],
        cwd=ROOT,
        check=True,
        # ROOT first, then whatever PYTHONPATH already names (e.g. a private dir of extra packages).
        env={**os.environ, "PYTHONPATH": python_path},
    )
    return sorted(out.glob("*.tar.gz"))[-1], time.perf_counter() - started


def configured_threshold(config: Path) -> float:
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline") or []
    for component in pipeline:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def raw_prediction(parsed: dict) -> tuple[str, float]:
    """The classifier's own top intent and confidence, before the FallbackClassifier's say."""
    for ranked in parsed.get("intent_ranking") or []:
        if ranked.get("name") != "nlu_fallback":
            return ranked["name"], float(ranked.get("confidence") or 0.0)
    intent = parsed.get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0)


async def parse_all(model: Path, texts: list[str]) -> tuple[list[tuple[str, float]], list[float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    for text in texts[:20]:  # warm-up: lazily built pieces
        await agent.parse_message(text)
    out, latencies = [], []
    for text in texts:
        started = time.perf_counter()
        parsed = await agent.parse_message(text)
        latencies.append((time.perf_counter() - started) * 1000)
        out.append(raw_prediction(parsed))
    return out, latencies


def scored(expected: str, raw: tuple[str, float], threshold: float) -> str:
    intent, confidence = raw
    return as_scored(expected, "nlu_fallback" if confidence < threshold else intent)


def report(name: str, examples, raws, threshold: float) -> dict:
    pairs = [(e.intent, scored(e.intent, r, threshold)) for e, r in zip(examples, raws, strict=True)]
    right = sum(1 for e, p in pairs if e == p)
    in_scope = [(e, p) for e, p in pairs if e != "out_of_scope"]
    outside = [(e, p) for e, p in pairs if e == "out_of_scope"]
    alarms = sum(1 for _, p in in_scope if p in ("out_of_scope", "nlu_fallback"))
    figures = {
        "file": name,
        "examples": len(pairs),
        "accuracy": round(right / len(pairs), 4) if pairs else None,
        "out_of_scope_false_alarms": round(alarms / len(in_scope), 4) if in_scope else None,
        "out_of_scope_caught": (
            round(sum(1 for _, p in outside if p == "out_of_scope") / len(outside), 4) if outside else None
        ),
        "misses_by_intent": dict(Counter(e for e, p in pairs if e != p).most_common()),
        "top_confusions": top_confusions(pairs, most=12),
    }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--threshold", type=float, help="default: config.yml's FallbackClassifier")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument("--json", type=Path, help="write raw predictions here (for threshold sweeps)")
    args = parser.parse_args(argv)
    model, seconds = trained_model(args.config)
    threshold = args.threshold if args.threshold is not None else configured_threshold(args.config)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds beside the wall time: on a machine shared by many, wall time says more about the
    # others' load than about the pipeline.
    cpu = children.ru_utime + children.ru_stime
    how = f"trained in {seconds:.0f} s, {cpu:.0f} CPU s" if seconds else "cached"
    print(f"model {model} ({how}), threshold {threshold}")
    sets = {str(f): load_examples(f) for f in args.files}
    texts = [e.text for examples in sets.values() for e in examples]
    raws, latencies = asyncio.run(parse_all(model, texts))
    latencies.sort()
    p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    print(
        f"parse p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    dump, at = {}, 0
    for name, examples in sets.items():
        mine = raws[at : at + len(examples)]
        at += len(examples)
        f = report(name, examples, mine, threshold)
        print(
            f"{name}: {f['examples']} examples, accuracy {f['accuracy']:.1%}, "
            f"out-of-scope false alarms {f['out_of_scope_false_alarms']}, caught {f['out_of_scope_caught']}"
        )
        print("  confusions: " + ", ".join(f"{e}→{p} {n}" for e, p, n in f["top_confusions"]))
        if args.misses:
            for e, r in zip(examples, mine, strict=True):
                if scored(e.intent, r, threshold) != e.intent:
                    print(f"    {e.intent:>22} → {r[0]} {r[1]:.2f}  {e.text}")
        dump[name] = [
            {"text": e.text, "intent": e.intent, "raw": list(r)} for e, r in zip(examples, mine, strict=True)
        ]
    if args.json:
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
