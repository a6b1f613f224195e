"""Several requests in one message, classified piece by piece by the model itself.

`RequestSplitter` (first in the pipeline) adds each piece of a message that has several
(bot/components/request_split.py says where to cut) to the messages the pipeline processes, right
after the message: the tokenizer, the featurizers, DIET and the fallback classifier then treat each
piece exactly as a message of its own. `RequestMerger` (last) takes the pieces out again: when two
or more of them are different tasks, the message's intent becomes the most urgent of them
(blocking a card first, otherwise the one written first) and the parse data lists them all under
`several_requests`, in the order they are to be served. The dialogue starts the first and queues
the others (actions/request_queue.py). A message with one request keeps its own classification.

Rasa's graph hands each component the list of messages and the processor reads the first one back
(`MessageProcessor._parse_message_with_graph`), so the pieces never leave the pipeline. Training
is not affected: both components only process messages at inference.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.request_split import PARSE_KEY, Piece, pieces, requests_in

# How many pieces follow a message in the list (set by the splitter, read by the merger).
_PIECE_COUNT = "several_requests_pieces"
_CONFIDENCE = "confidence"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RequestSplitter(GraphComponent):
    """Adds the pieces of a message with several clauses as messages of their own."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RequestSplitter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        out: list[Message] = []
        for message in messages:
            found = pieces(message.get(TEXT) or "")
            message.set(_PIECE_COUNT, len(found))
            out.append(message)
            out.extend(Message(data={TEXT: piece}) for piece in found)
        return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RequestMerger(GraphComponent):
    """Takes the pieces out again; a message whose pieces ask for several tasks gets the first of
    them as its intent and all of them under `several_requests`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # A piece counts as a request from this confidence on (after the fallback classifier,
        # which already makes uncertain pieces nlu_fallback). Chosen on bench/several_requests.py.
        return {"threshold": 0.8}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config.get("threshold", 0.8))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RequestMerger:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: list[Message]) -> list[Message]:
        out: list[Message] = []
        index = 0
        while index < len(messages):
            message = messages[index]
            count = message.get(_PIECE_COUNT) or 0
            self._merge(message, messages[index + 1 : index + 1 + count])
            out.append(message)
            index += 1 + count
        return out

    def _merge(self, message: Message, parts: list[Message]) -> None:
        whole = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        found = requests_in((_classified(part) for part in parts), self._threshold, whole)
        if not found:
            return
        first = found[0]
        message.set(
            INTENT, {INTENT_NAME_KEY: first.intent, _CONFIDENCE: first.confidence}, add_to_output=True
        )
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) not in (first.intent, "nlu_fallback")
        ]
        message.set(
            INTENT_RANKING_KEY,
            [{INTENT_NAME_KEY: first.intent, _CONFIDENCE: first.confidence}, *ranking],
            add_to_output=True,
        )
        message.set(
            PARSE_KEY,
            [{"intent": p.intent, _CONFIDENCE: round(p.confidence, 4)} for p in found],
            add_to_output=True,
        )
        _add_entities_of_the_first_request(message, parts, first.intent)


def _add_entities_of_the_first_request(message: Message, parts: list[Message], intent: str) -> None:
    """The model may miss in the whole message an entity it finds in the piece alone (信用卡 in
    "帮我冻结信用卡，然后查一下余额"): the first request's piece adds the kinds the whole lacks, at
    their place in the whole text. Only that piece: the others' amounts or cards are for later."""
    piece = next((p for p in parts if _classified(p).intent == intent), None)
    whole = message.get(TEXT) or ""
    offset = whole.find(piece.get(TEXT) or "") if piece is not None else -1
    if offset < 0:
        return
    entities = list(message.get(ENTITIES) or [])
    kinds = {e.get("entity") for e in entities}
    for entity in piece.get(ENTITIES) or []:
        if entity.get("entity") not in kinds:
            shifted = {"start": entity["start"] + offset, "end": entity["end"] + offset}
            entities.append({**entity, **shifted})
    message.set(ENTITIES, entities, add_to_output=True)


def _classified(part: Message) -> Piece:
    intent = part.get(INTENT) or {}
    return Piece(intent.get(INTENT_NAME_KEY), float(intent.get(_CONFIDENCE) or 0.0))
