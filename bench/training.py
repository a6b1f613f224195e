"""Training bench: the wall time of a full `rasa train` of the model (what `bankbot train --force`
runs), into a temporary directory with an empty Rasa cache, so that nothing is reused from an
earlier training and models/ and the model cache are left alone.

Run: .venv/bin/python -m bench.training   (minutes of both cores: not while others measure)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bankbot_cli.paths import ROOT
from bankbot_cli.training import core_env, fingerprint, train_command
from bench import results
from bench.machine import describe

TRAINING_TARGET_SECONDS = 180


def main(argv: list[str] | None = None) -> int:
    machine = describe()
    key = fingerprint()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        env = {**core_env(), "RASA_CACHE_DIRECTORY": str(Path(tmp) / "rasa-cache")}
        print(f"training bench: rasa train of inputs {key} into {tmp} ...", flush=True)
        started = time.perf_counter()
        done = subprocess.run(
            train_command(Path(tmp) / "models", f"bench-{key}"),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        model = Path(tmp) / "models" / f"bench-{key}.tar.gz"
        if done.returncode != 0 or not model.exists():
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            print(f"training failed (rasa train exited with {done.returncode})", file=sys.stderr)
            return 1
        size_mb = round(model.stat().st_size / 2**20, 1)
    print(f"  full training: {seconds:.1f} s, model {size_mb} MB")
    figures = {"inputs": key, "training_seconds": round(seconds, 1), "model_mb": size_mb}
    text = (
        "`rasa train` (config.yml, domain.yml, data/), as `bankbot train --force` runs it, into a temp "
        f"directory with an empty Rasa cache.\n\n| inputs | seconds | model MB |\n|---|---|---|\n"
        f"| {key} | {seconds:.1f} | {size_mb} |"
    )
    checks = [results.at_most("full training", TRAINING_TARGET_SECONDS, seconds, "s")]
    results.print_targets(checks)
    path = results.write("training", "Training: the full model", figures, [text], checks, machine)
    print(f"  written {path} and {path.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
