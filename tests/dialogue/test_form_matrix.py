"""Issue 13, part 3: forms never swallow or drop a turn. Generated cells (tests/dialogue/matrix.py),
each a new customer on the real stack through the REST channel; see tests/dialogue/README.md."""

from __future__ import annotations

import os

import pytest

from tests.dialogue.bank import Bank
from tests.dialogue.cell import run_cell
from tests.dialogue.matrix import selected
from tests.support.stack import start_stack

pytestmark = [pytest.mark.stack, pytest.mark.slow]


def _param(cell):
    return pytest.param(cell, id=cell.id)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("form-matrix")
    running = start_stack(tmp, extra_env={"BANKBOT_DEMO": "1", "BANKBOT_DEMO_CODES_DIR": str(tmp / "codes")})
    running.codes_dir = tmp / "codes"
    yield running
    running.stop()


@pytest.fixture(scope="module")
def bank(stack):
    opened = Bank(stack)
    yield opened
    opened.close()


@pytest.mark.parametrize("cell", [_param(c) for c in selected()])
def test_a_turn_in_a_form_is_answered_and_changes_nothing_unasked(stack, bank, cell):
    try:
        run_cell(stack, bank, cell.form, cell.step, cell.turn, cell.language)
    except AssertionError as failed:
        # BANKBOT_DIALOGUE_FAILURES=<file>: each failing cell's transcript as it happens (long runs).
        if os.environ.get("BANKBOT_DIALOGUE_FAILURES"):
            with open(os.environ["BANKBOT_DIALOGUE_FAILURES"], "a", encoding="utf-8") as out:
                out.write(f"=== {cell.form.name} {cell.id}\n{failed}\n")
        raise
