"""The model is keyed by the hash of its inputs: same inputs, same key; any change, a new key."""

import shutil

from bankbot_cli.training import fingerprint, model_path


def _project(tmp_path):
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "config.yml").write_text("pipeline: []\n")
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    (tmp_path / "data" / "nlu" / "en.yml").write_text("nlu: []\n")
    return tmp_path


def test_the_same_inputs_give_the_same_key_wherever_they_are(tmp_path):
    a = _project(tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    assert fingerprint(a, ("config.yml", "domain.yml", "data")) == fingerprint(
        b, ("config.yml", "domain.yml", "data")
    )


def test_changing_training_data_changes_the_key(tmp_path):
    root = _project(tmp_path)
    inputs = ("config.yml", "domain.yml", "data")
    before = fingerprint(root, inputs)
    (root / "data" / "nlu" / "en.yml").write_text("nlu: [changed]\n")
    assert fingerprint(root, inputs) != before


def test_a_new_data_file_changes_the_key(tmp_path):
    root = _project(tmp_path)
    inputs = ("config.yml", "domain.yml", "data")
    before = fingerprint(root, inputs)
    (root / "data" / "rules.yml").write_text("rules: []\n")
    assert fingerprint(root, inputs) != before


def test_model_files_are_named_by_their_key(tmp_path):
    assert model_path("abc123", tmp_path).name == "bankbot-abc123.tar.gz"
