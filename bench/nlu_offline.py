"""NLU without a stack: train the NLU part alone (cached by a hash of what it reads) and score
test files through Rasa's own parser in this process. For working on training data: minutes
quicker than `make train` + `make nlu-report`, and it keeps each example's raw confidence so any
fallback threshold can be tried afterwards without parsing again.

Runs in the core runtime (Rasa's Python):

    PYTHONPATH=. .venv-core/bin/python -m bench.nlu_offline tests/nlu/test_en.yml tests/nlu/test_zh.yml
    ... --config other_config.yml     # another pipeline, e.g. with pretrained features
    ... --threshold 0.4               # score with another fallback threshold than config.yml's

A prediction below the threshold, or ahead of the runner-up by less than the ambiguity threshold,
is nlu_fallback ("not understood"), as Rasa's FallbackClassifier decides; for an example labelled
out_of_scope that counts as right (bench/confusion.py). `--json` keeps, per example, the raw top
intent and confidence ("raw") and the runner-up's confidence ("runner_up"): what
bench/threshold.py sweeps.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.confusion import after_fallback, as_scored, summary  # noqa: E402
from bench.nlu_examples import load_examples  # noqa: E402

CACHE = Path(os.environ.get("BANKBOT_NLU_CACHE", Path.home() / ".cache/bankbot/nlu-models"))
READ = ("data/nlu", "data/knowledge", "bot/components", "bot/resources")


def fingerprint(config: Path) -> str:
    digest = hashlib.sha256(config.read_bytes())
    for root in READ:
        for path in sorted((ROOT / root).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_for(config: Path) -> tuple[Path, float | None]:
    """trained_model, one process at a time per config and data: the cache is shared by everyone
    on the machine, and two trainings into one directory leave a corrupt or half-written model
    (and waste the cores). A second caller waits, then finds the first one's model."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f"{fingerprint(config)}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        return trained_model(config)


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


def fallback_settings(config: Path) -> tuple[float, float]:
    """The FallbackClassifier's (threshold, ambiguity_threshold) in this config; (0, 0) without one."""
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline") or []
    for component in pipeline:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.0, 0.0


def configured_threshold(config: Path) -> float:
    return fallback_settings(config)[0]


# (top intent, its confidence, the runner-up's confidence or None), before the fallback's say.
Raw = tuple[str, float, float | None]


def raw_prediction(parsed: dict) -> Raw:
    """The classifier's own top intent and confidence, and the runner-up's confidence, before the
    FallbackClassifier's say. A message the knowledge router made a question (after the fallback
    classifier, bot/components/knowledge_router.py) is that question whatever the threshold."""
    if (parsed.get("knowledge") or {}).get("routed_from"):
        return parsed["intent"]["name"], 1.0, None
    ranked = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if ranked:
        runner_up = float(ranked[1].get("confidence") or 0.0) if len(ranked) > 1 else None
        return ranked[0]["name"], float(ranked[0].get("confidence") or 0.0), runner_up
    intent = parsed.get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0), None


async def parse_all(model: Path, texts: list[str]) -> tuple[list[Raw], list[float]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # unconfigured, Rasa prints a debug line per parse
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


def predicted(raw: Raw, threshold: float, ambiguity: float) -> str:
    return after_fallback(*raw, threshold=threshold, ambiguity=ambiguity)


def report(name: str, examples, raws, threshold: float, ambiguity: float) -> dict:
    pairs = [(e.intent, predicted(r, threshold, ambiguity)) for e, r in zip(examples, raws, strict=True)]
    return {"file": name, **summary(pairs, most=12)}


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--threshold", type=float, help="default: config.yml's FallbackClassifier")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    parser.add_argument("--json", type=Path, help="write raw predictions here (for threshold sweeps)")
    parser.add_argument("--model", type=Path, help="score this trained model (e.g. models/…) instead")
    args = parser.parse_args(argv)
    model, seconds = (args.model, None) if args.model else model_for(args.config)
    threshold, ambiguity = fallback_settings(args.config)
    threshold = args.threshold if args.threshold is not None else threshold
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds beside the wall time: on a machine shared by many, wall time says more about the
    # others' load than about the pipeline.
    cpu = children.ru_utime + children.ru_stime
    how = f"trained in {seconds:.0f} s, {cpu:.0f} CPU s" if seconds else "cached"
    print(f"model {model} ({how}), threshold {threshold}, ambiguity {ambiguity}")
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
        f = report(name, examples, mine, threshold, ambiguity)
        print(
            f"{name}: {f['examples']} examples, accuracy {percent(f['accuracy'])}, "
            f"false alarms {percent(f['false_alarms'])}, out-of-scope caught {percent(f['caught'])}"
        )
        print("  confusions: " + ", ".join(f"{e}→{p} {n}" for e, p, n in f["top_confusions"]))
        if args.misses:
            for e, r in zip(examples, mine, strict=True):
                if as_scored(e.intent, predicted(r, threshold, ambiguity)) != e.intent:
                    print(f"    {e.intent:>22} → {r[0]} {r[1]:.2f}  {e.text}")
        dump[name] = [
            {"text": e.text, "intent": e.intent, "raw": list(r[:2]), "runner_up": r[2]}
            for e, r in zip(examples, mine, strict=True)
        ]
    if args.json:
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
