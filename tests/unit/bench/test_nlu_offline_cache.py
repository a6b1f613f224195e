"""The shared NLU cache trains a model once when several engineers ask for it at the same time."""

import threading
import time
from pathlib import Path

from bench import nlu_offline


def test_two_callers_at_once_get_one_training_and_the_same_model(tmp_path, monkeypatch):
    monkeypatch.setattr(nlu_offline, "CACHE", tmp_path)
    trainings = []

    def train(command, **_):  # stands in for `rasa train nlu`: slow, then writes the model
        trainings.append(command)
        time.sleep(0.3)
        out = Path(command[command.index("--out") + 1])
        (out / "nlu.tar.gz").write_bytes(b"model")

    monkeypatch.setattr(nlu_offline.subprocess, "run", train)
    got = []
    callers = [
        threading.Thread(target=lambda: got.append(nlu_offline.model_for(nlu_offline.ROOT / "config.yml")))
        for _ in range(2)
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert len(trainings) == 1
    assert {model for model, _ in got} == {
        tmp_path / nlu_offline.fingerprint(nlu_offline.ROOT / "config.yml") / "nlu.tar.gz"
    }
    assert sorted(seconds is None for _, seconds in got) == [False, True]  # one trained, one cached
