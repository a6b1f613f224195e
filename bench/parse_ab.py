"""Parse latency of two NLU models under the same load: both loaded in one process and each
test text parsed by both, the order alternating, so whatever else the shared machine runs hits
both alike. Wall and CPU time per parse (CPU time says more on a busy machine; on an idle one
they agree). Runs in the core runtime:

    PYTHONPATH=. .venv-core/bin/python -m bench.parse_ab A.tar.gz B.tar.gz tests/nlu/test_en.yml ...
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.nlu_examples import load_examples  # noqa: E402


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    return f"p50 {values[len(values) // 2]:.1f} ms, p99 {values[int(len(values) * 0.99)]:.1f} ms"


async def measure(models: list[Path], texts: list[str]) -> None:
    from rasa.core.agent import Agent

    agents = [Agent.load(str(m)) for m in models]
    for agent in agents:
        for text in texts[:20]:  # warm-up: lazily built pieces
            await agent.parse_message(text)
    wall: list[list[float]] = [[] for _ in agents]
    cpu: list[list[float]] = [[] for _ in agents]
    for i, text in enumerate(texts):
        order = range(len(agents)) if i % 2 == 0 else reversed(range(len(agents)))
        for k in order:
            started, started_cpu = time.perf_counter(), time.process_time()
            await agents[k].parse_message(text)
            wall[k].append((time.perf_counter() - started) * 1000)
            cpu[k].append((time.process_time() - started_cpu) * 1000)
    for model, w, c in zip(models, wall, cpu, strict=True):
        print(f"{model}: wall {percentiles(w)}; CPU {percentiles(c)}; {len(w)} parses")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of this process (both models): {rss:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    texts = [e.text for f in args.files for e in load_examples(f)]
    asyncio.run(measure([args.a, args.b], texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
