"""The blender and the knowledge router (bot/components/intent_blender.py, knowledge_router.py),
trained on the project's own data in the core runtime: a question worded as no training example
is taken to the knowledge base even when the intent before it named a task that shares its words;
a message outside banking, or a banking question with no article, keeps the intent it had; the
blend keeps our tasks' messages on their tasks."""

from __future__ import annotations

from tests.support.core_runtime import run_in_core

SCRIPT = r"""
import json
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from bot.components.intent_blender import IntentBlender, classifier_training, new_classifier
from bot.components.knowledge import KnowledgeRetriever, all_questions, new_retriever, normalised
from bot.components.knowledge_router import KnowledgeRouter, new_router, router_training

nlu = load_data("data/nlu")
blender = IntentBlender({"diet_weight": 0.3}, model=new_classifier().fit(*classifier_training(nlu)))
pairs = all_questions()
retriever = KnowledgeRetriever({}, model=new_retriever().fit([normalised(q) for q, _ in pairs], [t for _, t in pairs]))
router = KnowledgeRouter({"when_unsure": 0.2, "over_any": 0.85}, model=new_router().fit(*router_training(nlu)))

def parsed(text, intent, confidence):
    message = Message(data={"text": text})
    ranking = [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 1 - confidence}]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    return message

def routed(text, intent, confidence=0.9):
    message = router.process(retriever.process([parsed(text, intent, confidence)]))[0]
    return message.get(INTENT)["name"], message.get("knowledge").get("routed_from", {}).get("name")

def blended(text, intent, confidence):
    return blender.process([parsed(text, intent, confidence)])[0].get(INTENT)["name"]

print(json.dumps({
    "routed": [
        routed("what are the fees for international wire transfers?", "transfer_money", 0.6),
        routed("跨行取款要手续费吗", "nlu_fallback", 0.0),
        routed("how do I unclog a sink", "out_of_scope"),
        routed("send 50 dollars to my mum", "transfer_money"),
    ],
    "blended": [
        blended("wat's my balanse pls", "nlu_fallback", 0.3),
        blended("pls block my card asap", "block_card", 0.5),
        blended("我想转500块给我妈", "transfer_money", 0.4),
    ],
}))
"""


def test_knowledge_questions_are_routed_and_tasks_keep_their_intents():
    result = run_in_core(SCRIPT)
    assert result["routed"] == [
        ["unsupported_banking", "transfer_money"],
        ["unsupported_banking", "nlu_fallback"],
        ["out_of_scope", None],
        ["transfer_money", None],
    ]
    assert result["blended"] == ["check_balance", "block_card", "transfer_money"]
