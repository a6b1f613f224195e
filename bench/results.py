"""Each bench's figures as JSON and as a Markdown table under bench/results/, with the machine
they were measured on and the lead's targets beside them (pass / miss)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.machine import describe

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Target:
    name: str
    goal: str  # e.g. "≤ 50 ms"
    measured: str
    met: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "MISS", None: "not measured"}[self.met]


def at_most(name: str, limit: float, value: float | None, unit: str) -> Target:
    shown = "—" if value is None else f"{value:.1f} {unit}".strip()
    return Target(name, f"≤ {limit:g} {unit}".strip(), shown, None if value is None else value <= limit)


def at_least(name: str, limit: float, value: float | None, unit: str) -> Target:
    shown = "—" if value is None else f"{value:.1f} {unit}".strip()
    return Target(name, f"≥ {limit:g} {unit}".strip(), shown, None if value is None else value >= limit)


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def print_targets(targets: list[Target]) -> None:
    for t in targets:
        print(f"  target {t.name:<48} {t.goal:>10}  measured {t.measured:>12}  {t.verdict}")


def write(
    name: str,
    title: str,
    figures: dict,
    sections: list[str],
    targets: list[Target],
    machine: dict | None = None,
) -> Path:
    """Write bench/results/<name>.json and <name>.md; return the Markdown path. `machine` is best
    described when the bench starts (its load average then)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = machine or describe()
    finished = datetime.now(UTC).isoformat(timespec="seconds")
    document = {
        "bench": name,
        "finished": finished,
        "machine": machine,
        "figures": figures,
        "targets": [asdict(t) | {"verdict": t.verdict} for t in targets],
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    machine_rows = [[key.replace("_", " "), value] for key, value in machine.items()]
    parts = [f"# {title}", f"Finished {finished}.", markdown_table(["machine", ""], machine_rows), *sections]
    if targets:
        rows = [[t.name, t.goal, t.measured, t.verdict] for t in targets]
        parts.append("## Targets\n\n" + markdown_table(["target", "goal", "measured", "verdict"], rows))
    path = RESULTS / f"{name}.md"
    path.write_text("\n\n".join(parts) + "\n")
    return path
