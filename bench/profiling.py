"""py-spy on the Rasa process while a bench runs: a flamegraph SVG, a speedscope file
(https://www.speedscope.app) and a short text of the functions where the time goes."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bankbot_cli.paths import APP_VENV

PY_SPY = APP_VENV / "bin" / "py-spy"
RATE_EACH = 50  # samples per second per recorder; two recorders run at once


@dataclass
class Recording:
    svg: Path
    speedscope: Path
    processes: list[subprocess.Popen]

    def wait(self, timeout: float) -> None:
        for process in self.processes:
            process.wait(timeout=timeout)


def start_recording(pid: int, seconds: int, out_dir: Path, stem: str) -> Recording:
    """Sample `pid` (needs root or ptrace rights) for `seconds`, into two files in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    svg, speedscope = out_dir / f"{stem}.svg", out_dir / f"{stem}.speedscope.json"
    processes = [
        subprocess.Popen(
            [str(PY_SPY), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", str(RATE_EACH),
             "--format", fmt, "--output", str(path), "--nonblocking"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for fmt, path in (("flamegraph", svg), ("speedscope", speedscope))
    ]  # fmt: skip
    return Recording(svg, speedscope, processes)


def top_functions(speedscope: Path, limit: int = 25) -> str:
    """The functions (whatever the line) with the most time on top of the stack (self) and anywhere
    on it (total). py-spy's speedscope weights are seconds of samples of busy threads."""
    document = json.loads(speedscope.read_text())
    frames = document["shared"]["frames"]
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    total = 0.0

    def name(index: int) -> str:
        frame = frames[index]
        return f"{frame.get('name')} ({frame.get('file')})"

    for profile in document["profiles"]:
        for stack, weight in zip(profile["samples"], profile["weights"], strict=True):
            if not stack:
                continue
            total += weight
            own[name(stack[-1])] += weight
            for function in {name(index) for index in stack}:
                anywhere[function] += weight
    if not total:
        return "no samples: the process was idle or py-spy could not read it\n"
    lines = [f"{total:.1f} s of samples of the Rasa process's busy threads.", "", "Self:"]
    lines += [f"{100 * t / total:5.1f}%  {function}" for function, t in own.most_common(limit)]
    lines += ["", "Total (the function and what it called):"]
    lines += [f"{100 * t / total:5.1f}%  {function}" for function, t in anywhere.most_common(limit)]
    return "\n".join(lines) + "\n"
