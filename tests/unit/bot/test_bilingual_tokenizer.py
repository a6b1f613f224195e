"""The Rasa tokenizer component, run in the core runtime where Rasa lives."""

import json

import pytest

from tests.support.core_runtime import run_in_core

SCRIPT = """
import json, sys
from bot.components.bilingual_tokenizer import BilingualTokenizer
from rasa.shared.nlu.training_data.message import Message
tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
out = {}
for text in json.loads(sys.stdin.read()):
    out[text] = [[t.text, t.start, t.end] for t in tokenizer.tokenize(Message(data={"text": text}), "text")]
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def tokenize():
    def run(*texts: str) -> dict[str, list]:
        return run_in_core(SCRIPT, stdin=json.dumps(list(texts)), timeout=120)

    return run


def test_english_uses_spacy_rules_and_chinese_uses_jieba(tokenize):
    out = tokenize("What's my balance?", "我的余额是多少")
    assert [t[0] for t in out["What's my balance?"]] == ["What", "'s", "my", "balance", "?"]
    assert [t[0] for t in out["我的余额是多少"]] == ["我", "的", "余额", "是", "多少"]


def test_traditional_is_segmented_as_simplified_with_original_offsets(tokenize):
    text = "我的餘額是多少"
    tokens = tokenize(text)[text]
    assert [t[0] for t in tokens] == ["我", "的", "余额", "是", "多少"]
    assert [text[s:e] for _, s, e in tokens] == ["我", "的", "餘額", "是", "多少"]


def test_numbers_and_latin_words_are_split_from_chinese(tokenize):
    text = "帮我转800元给Bob"
    words = [t[0] for t in tokenize(text)[text]]
    assert "800" in words and "元" in words and "Bob" in words
    assert "800元" not in words


def test_unknown_names_are_not_glued_to_the_next_word(tokenize):
    text = "给欧阳锋转300"
    words = [t[0] for t in tokenize(text)[text]]
    assert not any(w.endswith("转") and len(w) > 1 for w in words)
