"""How well several requests in one message are found (bot/components/several_requests.py), and
how often a message with one request is wrongly cut into several. Runs in the core runtime:

    PYTHONPATH=. .venv-core/bin/python -m bench.several_requests [MODEL] [--held-out FILE ...]

For each message of bench/several_requests_examples.yml (dev and test, both languages) the pieces
are cut and classified by MODEL (default: the newest in models/) exactly as the merger does, for a
sweep of thresholds: a message is right when the requests found, in serving order, are the ones
expected (one expected request: the message must not be cut). The held-out NLU files
(tests/nlu/*.yml by default, single requests) give the false cuts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.nlu_examples import load_examples  # noqa: E402
from bot.components.request_split import Piece, pieces, requests_in  # noqa: E402

EXAMPLES = ROOT / "bench" / "several_requests_examples.yml"
THRESHOLDS = (0.55, 0.6, 0.7, 0.8, 0.9)


async def classified_pieces(model: Path, texts: list[str]) -> list[tuple[str | None, list[Piece]]]:
    """Each text's own intent and its pieces' classifications."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    out = []
    for text in texts:
        whole = ((await agent.parse_message(text)).get("intent") or {}).get("name")
        found = []
        for piece in pieces(text):
            intent = (await agent.parse_message(piece)).get("intent") or {}
            found.append(Piece(intent.get("name"), float(intent.get("confidence") or 0.0)))
        out.append((whole, found))
    return out


def found(classified: tuple[str | None, list[Piece]], threshold: float) -> list[str]:
    whole, parts = classified
    return [p.intent for p in requests_in(parts, threshold, whole)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("model", nargs="?", type=Path)
    parser.add_argument(
        "--held-out", nargs="*", type=Path, default=sorted((ROOT / "tests" / "nlu").glob("*.yml"))
    )
    parser.add_argument("--show", action="store_true", help="print every message and what was found")
    args = parser.parse_args(argv)
    model = args.model or max((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    sets = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    cases = [
        (split, lang, c["text"], c["requests"])
        for split, by_lang in sets.items()
        for lang, cs in by_lang.items()
        for c in cs
    ]
    held = [(path.name, e.text) for path in args.held_out for e in load_examples(path)]
    texts = [c[2] for c in cases] + [t for _, t in held]
    classified = asyncio.run(classified_pieces(model, texts))
    ours, theirs = classified[: len(cases)], classified[len(cases) :]
    print(f"model {model.name}")
    for threshold in THRESHOLDS:
        line = [f"threshold {threshold:.2f}:"]
        for split in sets:
            for lang in sets[split]:
                rows = [(c, p) for c, p in zip(cases, ours, strict=True) if c[0] == split and c[1] == lang]
                right = sum(1 for c, p in rows if (found(p, threshold) or c[3][:1]) == c[3])
                line.append(f"{split}/{lang} {right}/{len(rows)}")
        for name in sorted({n for n, _ in held}):
            rows = [p for (n, _), p in zip(held, theirs, strict=True) if n == name]
            cut = sum(1 for p in rows if found(p, threshold))
            line.append(f"false cuts {name} {cut}/{len(rows)}")
        print("  ".join(line))
    if args.show:
        threshold = 0.8
        for c, p in zip(cases, ours, strict=True):
            mark = "ok " if (found(p, threshold) or c[3][:1]) == c[3] else "BAD"
            print(
                mark,
                c[0],
                c[2],
                "→",
                found(p, threshold),
                p[0],
                [(x.intent, round(x.confidence, 2)) for x in p[1]],
            )
        for (n, t), p in zip(held, theirs, strict=True):
            if found(p, threshold):
                print("CUT", n, t, "→", found(p, threshold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
