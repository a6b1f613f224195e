"""The cells of the matrix (form × step × kind of turn × language), and the sample of them that
`make test` runs: a seeded selection in which every form, every step, every kind of turn and both
languages appear at least once. BANKBOT_DIALOGUE_MATRIX=full (`make test-dialogue`) runs them all."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

from tests.dialogue.forms import FORMS, LANGUAGES, Form, Step
from tests.dialogue.turns import TURNS, Turn

SEED = 13  # issue 13: the same sample on every run


@dataclass(frozen=True)
class Cell:
    form: Form
    step: Step
    turn: Turn
    language: str

    @property
    def id(self) -> str:
        return f"{self.step.slot}-{self.turn.kind}-{self.language}"


def all_cells() -> list[Cell]:
    return [
        Cell(form, step, turn, language)
        for form in FORMS
        for step in form.steps
        for turn in TURNS
        for language in LANGUAGES
    ]


def sample(cells: list[Cell], seed: int = SEED) -> list[Cell]:
    """Every step once (with a kind of turn and a language drawn for it), then every kind of turn
    that is still missing once more: so every form, step, kind and language is covered."""
    rng = random.Random(seed)
    chosen: list[Cell] = []
    by_step: dict[str, list[Cell]] = {}
    for cell in cells:
        by_step.setdefault(cell.step.slot, []).append(cell)
    for options in by_step.values():
        chosen.append(rng.choice(options))
    for turn in TURNS:
        if not any(c.turn.kind == turn.kind for c in chosen):
            chosen.append(rng.choice([c for c in cells if c.turn.kind == turn.kind]))
    for language in LANGUAGES:
        if not any(c.language == language for c in chosen):
            chosen.append(rng.choice([c for c in cells if c.language == language]))
    return chosen


def selected() -> list[Cell]:
    """The sample, or the whole matrix; BANKBOT_DIALOGUE_SHARD=i/n keeps every n-th cell from the
    i-th (1-based), to spread the whole matrix over several runs (each starts its own stack)."""
    cells = all_cells()
    if os.environ.get("BANKBOT_DIALOGUE_MATRIX") == "full":
        random.Random(SEED).shuffle(cells)  # any first part of a long run is a spread of the whole
    else:
        cells = sample(cells)
    shard, _, shards = os.environ.get("BANKBOT_DIALOGUE_SHARD", "1/1").partition("/")
    return cells[int(shard) - 1 :: int(shards)]
