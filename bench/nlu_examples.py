"""The held-out NLU test examples (Rasa YAML NLU format) as (text, intent) pairs, the entity
annotations removed so the text is what a customer would type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# [text](entity), [text](entity:value), [text]{"entity": ...}, [text][{...}, {...}]
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\])")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


def plain_text(annotated: str) -> str:
    return _ANNOTATION.sub(lambda match: match.group("text"), annotated)


def load_examples(path: Path) -> list[Example]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = []
    for block in document.get("nlu") or []:
        if "intent" not in block:
            continue  # synonyms, lookups, regexes
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(Example(plain_text(line[2:].strip()), block["intent"]))
    return examples
