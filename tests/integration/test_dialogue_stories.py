"""The test stories in tests/stories pass against the current model (`rasa test core`)."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from bankbot_cli.paths import RASA, ROOT
from bankbot_cli.training import core_env, ensure_model

pytestmark = pytest.mark.slow


def test_every_dialogue_story_passes(tmp_path):
    model = ensure_model(log=lambda *_: None)
    out = tmp_path / "results"
    done = subprocess.run(
        [
            str(RASA),
            "test",
            "core",
            "--stories",
            "tests/stories",
            "--model",
            str(model),
            "--out",
            str(out),
            "--no-plot",
        ],
        cwd=ROOT,
        env=core_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    failed = out / "failed_test_stories.yml"
    stories = yaml.safe_load(failed.read_text()) if failed.exists() else None
    names = [s["story"] for s in (stories or {}).get("stories") or []]
    assert not names, f"failed stories: {names}\n{failed.read_text()}"
    report = (out / "story_report.json").read_text() if (out / "story_report.json").exists() else ""
    assert "conversation_accuracy" in report or report == ""
