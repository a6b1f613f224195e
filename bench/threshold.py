"""Choose the FallbackClassifier threshold on the development split, never on the test files.

The NLU's raw predictions on bench/nlu_dev/*.yml (the classifier's top intent, its confidence and
the runner-up's, before the fallback's say) are scored at every threshold from 0.20 to 0.80 by
0.05, the ambiguity threshold held at config.yml's, and one is chosen by the rule:

    the highest accuracy with false alarms (in-scope messages turned away) ≤ 5 %;
    on a tie the more not-ours messages caught, then the fewer false alarms, then the middle of
    the thresholds still tied (the furthest from either edge of the plateau).
    When no threshold keeps false alarms ≤ 5 %: the one with the fewest, and it says so.

The cap protects in-scope customers; within it, accuracy first, then catching more of what is not
ours (a fallback on an unsupported_banking message is not "right" for accuracy, yet it is better
than serving it as one of our tasks).

Runs in the core runtime (Rasa's Python), training the NLU once if bench.nlu_offline's cache
lacks it:

    PYTHONPATH=. .venv-core/bin/python -m bench.threshold      # or `make nlu-threshold`
    ... --model models/bankbot-<hash>.tar.gz   # the full model the stack runs, not the NLU alone
    ... --dump raw.json    # instead, the raw predictions bench.nlu_offline --json wrote
                           # (of the dev split only: any tests/nlu entry is refused)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.confusion import accuracy, after_fallback, caught, false_alarms  # noqa: E402
from bench.nlu_examples import load_examples  # noqa: E402

DEV_SPLIT = {"en": ROOT / "bench/nlu_dev/en.yml", "zh": ROOT / "bench/nlu_dev/zh.yml"}
HELD_OUT = ROOT / "tests/nlu"
THRESHOLDS = tuple(round(0.20 + 0.05 * i, 2) for i in range(13))  # 0.20 … 0.80
MAX_FALSE_ALARMS = 0.05


@dataclass(frozen=True)
class Raw:
    """One dev example and the classifier's raw say on it."""

    expected: str
    intent: str
    confidence: float
    runner_up: float | None


@dataclass(frozen=True)
class Row:
    threshold: float
    accuracy: float
    false_alarms: float
    caught: float | None


def refuse_held_out(path: Path | str) -> None:
    """The threshold is chosen on the dev split: a held-out test file never comes in."""
    resolved = Path(path).resolve()
    if resolved == HELD_OUT.resolve() or HELD_OUT.resolve() in resolved.parents:
        raise ValueError(f"{path} is a held-out test file: the threshold is never chosen on it")


def score(raws: Sequence[Raw], threshold: float, ambiguity: float) -> Row:
    pairs = [
        (r.expected, after_fallback(r.intent, r.confidence, r.runner_up, threshold, ambiguity)) for r in raws
    ]
    return Row(threshold, accuracy(pairs) or 0.0, false_alarms(pairs) or 0.0, caught(pairs))


def sweep(raws: Sequence[Raw], ambiguity: float, thresholds: Iterable[float] = THRESHOLDS) -> list[Row]:
    return [score(raws, t, ambiguity) for t in thresholds]


def choose(rows: Sequence[Row], max_false_alarms: float = MAX_FALSE_ALARMS) -> tuple[Row, bool]:
    """The row the rule picks, and whether it keeps false alarms within the limit."""
    allowed = [r for r in rows if r.false_alarms <= max_false_alarms]
    if allowed:

        def figures(r: Row) -> tuple:
            return (r.accuracy, r.caught or 0.0, -r.false_alarms)

        best = max(figures(r) for r in allowed)
        # A plateau of equal figures: its middle, the furthest from either edge.
        plateau = sorted((r for r in allowed if figures(r) == best), key=lambda r: r.threshold)
        return plateau[(len(plateau) - 1) // 2], True
    return min(rows, key=lambda r: (r.false_alarms, -r.accuracy, r.threshold)), False


def raws_from_dump(path: Path) -> list[Raw]:
    """Raw predictions from bench.nlu_offline --json, refusing any held-out test file in it."""
    refuse_held_out(path)
    dump = json.loads(path.read_text(encoding="utf-8"))
    raws = []
    for name, rows in dump.items():
        refuse_held_out(name if Path(name).is_absolute() else ROOT / name)
        for row in rows:
            intent, confidence = row["raw"][:2]
            raws.append(Raw(row["intent"], intent, float(confidence), row.get("runner_up")))
    return raws


# texts → (top intent, confidence, runner-up confidence) per text, e.g. through a trained NLU.
Parser = Callable[[list[str]], list[tuple[str, float, float | None]]]


def dev_raws(parse: Parser, split: dict[str, Path] = DEV_SPLIT) -> dict[str, list[Raw]]:
    """The dev split's examples per language with the parser's raw say on each."""
    out = {}
    for language, path in split.items():
        refuse_held_out(path)
        examples = load_examples(path)
        said = parse([e.text for e in examples])
        out[language] = [Raw(e.intent, *r) for e, r in zip(examples, said, strict=True)]
    return out


def nlu_parser(config: Path, model: Path | None = None) -> Parser:
    """Parse through `model`, else the NLU trained for `config` (bench.nlu_offline's cache;
    trained if missing)."""
    import asyncio

    from bench.nlu_offline import model_for, parse_all

    seconds = None
    if model is None:
        model, seconds = model_for(config)
    print(f"model {model} ({f'trained in {seconds:.0f} s' if seconds else 'as it is'})")
    return lambda texts: asyncio.run(parse_all(model, texts))[0]


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def table(rows: Sequence[Row], chosen: Row) -> str:
    lines = ["threshold  accuracy  false alarms  caught", "---------  --------  ------------  ------"]
    for r in rows:
        mark = "  ← chosen" if r is chosen else ""
        lines.append(
            f"{r.threshold:9.2f}  {percent(r.accuracy):>8}  {percent(r.false_alarms):>12}  "
            f"{percent(r.caught):>6}{mark}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None, parse: Parser | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--dump", type=Path, help="raw predictions from bench.nlu_offline --json")
    parser.add_argument("--model", type=Path, help="a trained model, e.g. the full one in models/")
    parser.add_argument("--ambiguity", type=float, help="default: config.yml's ambiguity_threshold")
    parser.add_argument("--max-false-alarms", type=float, default=MAX_FALSE_ALARMS)
    args = parser.parse_args(argv)

    from bench.nlu_offline import fallback_settings

    configured, ambiguity = fallback_settings(args.config)
    ambiguity = args.ambiguity if args.ambiguity is not None else ambiguity
    if args.dump:
        per_language = {"dump": raws_from_dump(args.dump)}
    else:
        per_language = dev_raws(parse or nlu_parser(args.config, args.model))
    raws = [r for rs in per_language.values() for r in rs]
    print(f"dev split: {len(raws)} examples; ambiguity threshold {ambiguity}; now configured {configured}")
    rows = sweep(raws, ambiguity)
    chosen, within = choose(rows, args.max_false_alarms)
    print(table(rows, chosen))
    if len(per_language) > 1:
        for language, rs in per_language.items():
            r = score(rs, chosen.threshold, ambiguity)
            print(
                f"  {language} at {chosen.threshold:.2f}: accuracy {percent(r.accuracy)}, "
                f"false alarms {percent(r.false_alarms)}, caught {percent(r.caught)}"
            )
    rule = f"highest accuracy with false alarms ≤ {args.max_false_alarms:.0%}"
    if not within:
        rule = f"no threshold keeps false alarms ≤ {args.max_false_alarms:.0%}; the fewest false alarms"
    print(f"chosen by the rule ({rule}): {chosen.threshold:.2f}")
    print(
        "config.yml should hold:  - name: FallbackClassifier\n"
        f"                           threshold: {chosen.threshold:.2f}\n"
        f"                           ambiguity_threshold: {ambiguity:g}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
