"""Reading Rasa's tracker after an empty answer: the bot's silence, or an action whose call failed.
The events are those Rasa 3.6 saved in tests/faults/test_process_kills.py's action-server kill."""

from __future__ import annotations

from channels.rasa_client import lost_an_action, turn_of
from channels.router import ConversationRouter, Sender


def user(message_id: str, text: str = "checking") -> dict:
    return {"event": "user", "text": text, "metadata": {"message_id": message_id}}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def slot(name: str) -> dict:
    return {"event": "slot", "name": name, "value": "x"}


EARLIER = [action("action_listen"), user("m-1", "send $12 to Bob"), slot("language"), action("transfer_form")]
EARLIER += [{"event": "active_loop", "name": "transfer_form"}, slot("requested_slot"), {"event": "bot"}]


def test_a_form_whose_validation_call_failed_is_logged_without_events_and_counts_as_lost():
    saved = [*EARLIER, action("action_listen"), user("m-2"), slot("language"), action("transfer_form")]
    turn = turn_of([*saved, action("action_listen")], "m-2")
    assert turn is not None and lost_an_action(turn)
    assert lost_an_action(turn_of(saved, "m-2"))  # the last event of all


def test_a_turn_where_the_bot_only_listened_is_silence_and_an_unsaved_message_has_no_turn():
    events = [*EARLIER, action("action_listen"), user("m-2"), slot("language"), action("action_listen")]
    assert not lost_an_action(turn_of(events, "m-2"))
    assert not lost_an_action(turn_of(EARLIER, "m-1"))  # the form ran to the end
    assert turn_of(events, "m-3") is None


async def test_every_message_carries_one_message_id_also_in_the_signed_identity():
    class Rasa:
        async def send(self, conversation_id, text, metadata):
            self.metadata = metadata
            return [{"text": "Hi"}]

    rasa = Rasa()
    await ConversationRouter(rasa).handle(Sender("sms", 3, "+14155550101"), "hello")
    assert rasa.metadata["message_id"] == rasa.metadata["identity"]["message_id"]
    await ConversationRouter(rasa).handle(Sender("telegram", None, "99"), "hello")
    assert rasa.metadata["message_id"] and "identity" not in rasa.metadata
