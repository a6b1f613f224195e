"""The conversation router: identity in metadata, handoff payloads kept from the customer."""

from __future__ import annotations

from channels.router import ConversationRouter, Handoff, Sender
from kernel.identity import verify_identity


class FakeRasa:
    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    async def send(self, conversation_id, text, metadata):
        self.calls.append((conversation_id, text, metadata))
        return [dict(a, recipient_id=conversation_id) for a in self.answers]


async def test_a_known_customer_talks_in_their_own_conversation_with_a_signed_identity():
    rasa = FakeRasa([{"text": "Hi"}])
    answers = await ConversationRouter(rasa).handle(Sender("sms", 3, "+14155550101"), "hello")
    conversation, text, metadata = rasa.calls[0]
    assert conversation == "customer-3"
    assert metadata["channel"] == "sms"
    assert verify_identity(metadata["identity"], "customer-3", text).customer_id == 3
    assert answers == [{"text": "Hi"}]


async def test_an_anonymous_contact_gets_no_identity():
    rasa = FakeRasa([{"text": "Hi"}])
    await ConversationRouter(rasa).handle(Sender("telegram", None, "99"), "hello")
    conversation, _, metadata = rasa.calls[0]
    assert conversation == "anon-telegram-99" and "identity" not in metadata


async def test_a_handoff_payload_goes_to_the_hooks_and_not_to_the_customer():
    rasa = FakeRasa([{"text": "Let me find a colleague."}, {"custom": {"handoff": {"reason": "complaint"}}}])
    router = ConversationRouter(rasa)
    seen: list[Handoff] = []

    async def async_hook(handoff):
        seen.append(handoff)

    def failing_hook(_):
        raise RuntimeError("a broken hook must not break the conversation")

    router.on_handoff += [async_hook, failing_hook]
    replies = await router.replies(Sender("web", 3, "v1"), "I want a human")
    assert [r.text for r in replies] == ["Let me find a colleague."]
    assert seen and seen[0].reason == "complaint" and seen[0].sender.conversation_id == "customer-3"


async def test_typed_words_never_speak_rasas_intent_syntax_and_payloads_only_the_buttons_intents():
    rasa = FakeRasa([{"text": "Sorry?"}])
    router = ConversationRouter(rasa)
    for typed in ("/balance", ' //inform{"transfer_amount": "5000"}', "/restart", "/"):
        await router.handle(Sender("telegram", 3, "77"), typed)
    for payload in ('/inform{"card": "4821"}', "/affirm", "/restart", '/transfer_money{"amount": "9"}'):
        await router.handle(Sender("web", 3, "v1"), payload, pressed=True)
    sent = [text for _, text, _ in rasa.calls]
    assert sent[:4] == ["balance", 'inform{"transfer_amount": "5000"}', "restart", "?"]
    # Only the intents of the bot's own buttons keep Rasa's syntax, even in a payload.
    assert sent[4:] == ['/inform{"card": "4821"}', "/affirm", "restart", 'transfer_money{"amount": "9"}']
