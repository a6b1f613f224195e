"""Every entity annotated in the NLU data starts and ends on a token boundary of our tokenizer,
otherwise DIET cannot learn it (Rasa only warns "Misaligned entity annotation")."""

from tests.support.core_runtime import run_in_core

SCRIPT = """
import json, glob
from rasa.shared.nlu.training_data.loading import load_data
from bot.components.bilingual_tokenizer import BilingualTokenizer
tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
bad = []
for path in sorted(glob.glob("data/nlu/*.yml")) + sorted(glob.glob("tests/nlu/*.yml")):
    for message in load_data(path).training_examples:
        tokens = tokenizer.tokenize(message, "text")
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        for e in message.get("entities") or []:
            if e["start"] not in starts or e["end"] not in ends:
                bad.append([path, message.get("text"), e["entity"], message.get("text")[e["start"]:e["end"]]])
print(json.dumps(bad, ensure_ascii=False))
"""


def test_every_entity_annotation_is_on_token_boundaries():
    misaligned = run_in_core(SCRIPT)
    assert not misaligned, "\n".join(" | ".join(row) for row in misaligned[:20])
