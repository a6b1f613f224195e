"""Rasa's own `rasa` command for training (`python -m bot.rasa_train train ...`, core runtime),
without two warnings that are false for our pipeline.

Rasa's recipe validator knows the entity extractors by their exact class, so our DIETClassifier
subclass (bot/components/quick_load.py) counts as none, and `rasa train` warns that nothing learns
the entity examples and nothing uses the lookup tables' features, both of which DIET does. These
two are added to Rasa's own list of expected warnings (ignored unless --debug), and only when the
pipeline of the config being trained has a DIETClassifier subclass; every other warning stays.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import yaml
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.utils import common

FALSE_WARNINGS = (
    "You have defined training data consisting of entity examples, but your NLU configuration "
    "does not include an entity extractor",
    "You have defined training data consisting of lookup tables, but your NLU configuration "
    "does not include any components that uses the features created from the lookup table",
)


def has_diet_subclass(config: Path) -> bool:
    """Whether the pipeline has a component that is a DIETClassifier under another name."""
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline") or []
    for component in pipeline:
        module, _, name = str(component.get("name", "")).rpartition(".")
        if module:
            cls = getattr(importlib.import_module(module), name, None)
            if isinstance(cls, type) and issubclass(cls, DIETClassifier) and cls is not DIETClassifier:
                return True
    return False


def config_argument(argv: list[str]) -> Path:
    for i, arg in enumerate(argv):
        if arg in ("-c", "--config") and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--config="):
            return Path(arg.split("=", 1)[1])
    return Path("config.yml")


if __name__ == "__main__":
    if has_diet_subclass(config_argument(sys.argv[1:])):
        common.EXPECTED_WARNINGS.extend((UserWarning, re.escape(message)) for message in FALSE_WARNINGS)
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
