"""Start-up bench: the time from `bankbot run` to its "ready." line with a trained model, over
several runs (each run and the median), and where it goes: migrations and the demo seed, then
each service's start until its health check answers.

The runs share one temp dir whose database is migrated and seeded once before the first timed
run, as with a second `make run`; the model comes from models/ (or the cache), never trained.

Run: .venv/bin/python -m bench.startup [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
from pathlib import Path

from bankbot_cli.launched_stack import free_port, stack_env
from bankbot_cli.paths import APP_VENV, ROOT
from bench import results
from bench.machine import describe
from bench.stack import SERVICES, bench_env, start_stack

READY_TARGET_SECONDS = 20


def prepare_database(workdir: Path) -> None:
    ports = {name: free_port() for name in SERVICES}
    env = {**stack_env(workdir, ports), **bench_env(workdir, None)}
    subprocess.run(
        [str(APP_VENV / "bin" / "bankbot"), "seed"], cwd=ROOT, env=env, check=True, capture_output=True
    )


def one_run(workdir: Path) -> dict:
    stack = start_stack(workdir)
    try:
        started = stack.seconds_until("started actions")
        phases = {"migrate, seed, model check": started}
        for name in SERVICES:
            ready = stack.seconds_until(f"{name} is ready")
            phases[f"{name} ready"] = ready
        return {"ready_seconds": round(stack.ready_seconds, 2), "phases_seconds": _rounded(phases)}
    finally:
        stack.stop_leaving_nothing()


def _rounded(values: dict[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else round(v, 2) for k, v in values.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    machine = describe()
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        workdir = Path(tmp)
        prepare_database(workdir)
        for index in range(args.runs):
            run = one_run(workdir)
            runs.append(run)
            phases = ", ".join(f"{k} at {v} s" for k, v in run["phases_seconds"].items())
            print(f"  run {index + 1}: ready after {run['ready_seconds']} s ({phases})", flush=True)
    median = round(statistics.median(r["ready_seconds"] for r in runs), 2)
    print(f"  median: {median} s")
    figures = {"runs": runs, "median_ready_seconds": median}
    names = list(runs[0]["phases_seconds"])
    table = results.markdown_table(
        ["run", "ready s", *(f"{n} (s after start)" for n in names)],
        [[i + 1, r["ready_seconds"], *r["phases_seconds"].values()] for i, r in enumerate(runs)]
        + [["median", median, *([""] * len(names))]],
    )
    text = (
        "From launching `bankbot run` to its `ready.` line, with a trained model and a database "
        "already migrated and seeded. The services start together; each is ready when its health "
        "check answers (Rasa's loads the model).\n\n" + table
    )
    checks = [results.at_most("bankbot run to ready (median)", READY_TARGET_SECONDS, median, "s")]
    results.print_targets(checks)
    path = results.write("startup", "Start-up: bankbot run to ready", figures, [text], checks, machine)
    print(f"  written {path} and {path.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
