"""HandoffDesk, the gateway's seam: queueing on the bot's word, routing the customer's messages
while handed off, answering in the customer's language, delivering replies, resuming the bot."""

from __future__ import annotations

import pytest

from contact_centre import queue
from contact_centre.bank import CustomerProfile
from contact_centre.delivery import DeliveryFailed, RecordingDeliverer, RecordingResumer
from contact_centre.desk import HandoffDesk


class Bank:
    def __init__(self, **profiles: CustomerProfile) -> None:
        self.profiles = {p.id: p for p in profiles.values()}

    def profile(self, customer_id):
        return self.profiles.get(customer_id)

    def recent_tickets(self, customer_id, limit=5):
        return []

    def tickets_between(self, since, until):
        return []


def profile(cid: int, language: str, vulnerable: bool = False) -> CustomerProfile:
    return CustomerProfile(cid, f"c{cid}", f"C {cid}", language, "••••0101", False, "active", vulnerable)


@pytest.fixture
def desk(uow):
    bank = Bank(wei=profile(3, "zh"), alice=profile(1, "en"), vera=profile(5, "en", vulnerable=True))
    return HandoffDesk(uow, RecordingDeliverer(), RecordingResumer(), bank=bank)


async def test_a_handoff_tells_the_customer_their_place_in_their_language(desk):
    en = await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    zh = await desk.on_bot_handoff("customer-3", 3, "sms", "requested")
    assert en == [
        {"text": "You're number 1 in the queue for a person. Please stay here: we'll answer on this channel."}
    ]
    assert zh == [{"text": "您目前排在人工客服队列的第 2 位。请稍候，我们会在这里回复您。"}]
    assert (await desk.on_bot_handoff("customer-1", 1, "web", "requested", language="zh"))[0][
        "text"
    ].startswith("您目前排在人工客服队列的第 1 位")


async def test_the_bot_asking_twice_queues_once(desk, uow):
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    await desk.on_bot_handoff("customer-1", 1, "web", "misunderstood")
    assert len(queue.waiting_queue(uow)) == 1
    assert desk.metrics.queue_length._value.get() == 1


async def test_an_unknown_reason_from_the_bot_still_queues_the_customer(desk, uow):
    await desk.on_bot_handoff("customer-1", 1, "web", "something-new")
    assert [h.reason for h in queue.waiting_queue(uow)] == ["requested"]


async def test_a_vulnerable_customer_goes_ahead_of_plain_requests(desk, uow):
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    await desk.on_bot_handoff("customer-5", 5, "web", "requested")
    assert [h.conversation_id for h in queue.waiting_queue(uow)] == ["customer-5", "customer-1"]


async def test_messages_go_to_the_bot_unless_handed_off(desk, uow):
    assert await desk.route_customer_message("customer-1", 1, "web", "balance?") is None
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    assert await desk.route_customer_message("customer-1", 1, "sms", "still waiting") == [
        {"text": "You're number 1 in the queue for a person. Please stay here: we'll answer on this channel."}
    ]
    assert [(t.author, t.channel, t.text) for t in queue.turns_for_conversation(uow, "customer-1")] == [
        ("customer", "sms", "still waiting")
    ]


async def test_once_claimed_the_customer_gets_no_automatic_answer(desk, uow, staff):
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    h = queue.open_handoff_for(uow, "customer-1")
    await desk.claim(h.id, staff.ann.id)
    assert await desk.route_customer_message("customer-1", 1, "web", "hello?") == []
    again = await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    assert again == [{"text": "A member of our team has your conversation and will reply here."}]


async def test_a_reply_is_delivered_on_the_customers_latest_channel(desk, uow, staff):
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    await desk.route_customer_message("customer-1", 1, "telegram", "switched to telegram")
    h = queue.open_handoff_for(uow, "customer-1")
    await desk.claim(h.id, staff.ann.id)
    await desk.reply(h.id, staff.ann.id, "  Hi, card 4111111111131234 is fine  ")
    sent = desk.deliverer.sent
    assert [(d.customer_id, d.channel, d.text) for d in sent] == [
        (1, "telegram", "Hi, card 4111111111131234 is fine")
    ]
    assert queue.turns_for_conversation(uow, "customer-1")[-1].text == "Hi, card ••••1234 is fine"


async def test_a_failed_delivery_keeps_the_reply_and_says_so(desk, uow, staff):
    await desk.on_bot_handoff("customer-1", 1, "sms", "requested")
    h = queue.open_handoff_for(uow, "customer-1")
    await desk.claim(h.id, staff.ann.id)
    desk.deliverer.fail_with = ConnectionError("twilio down")
    with pytest.raises(DeliveryFailed):
        await desk.reply(h.id, staff.ann.id, "hello")
    assert queue.turns_for_conversation(uow, "customer-1")[-1].text == "hello"
    assert [n.text for n in queue.notes(uow, h.id)] == ["Reply not delivered on sms."]
    assert desk.metrics.errors.labels(component="delivery")._value.get() == 1


async def test_return_to_bot_closes_then_resumes(desk, uow, staff):
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    h = queue.open_handoff_for(uow, "customer-1")
    await desk.claim(h.id, staff.ann.id)
    closed = await desk.return_to_bot(h.id, staff.ann.id)
    assert closed.state == "returned_to_bot"
    assert desk.resumer.resumed == ["customer-1"]
    assert await desk.route_customer_message("customer-1", 1, "web", "thanks") is None


async def test_resolve_closes_then_resumes_the_bot_too(desk, uow, staff):
    """The bot gets the customer's next message after a resolution, so its tracker must not
    stay paused."""
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    h = queue.open_handoff_for(uow, "customer-1")
    await desk.claim(h.id, staff.ann.id)
    closed = await desk.resolve(h.id, staff.ann.id)
    assert closed.state == "resolved"
    assert desk.resumer.resumed == ["customer-1"]
    assert await desk.route_customer_message("customer-1", 1, "web", "thanks") is None


async def test_changes_wake_the_consoles_live_pages(desk):
    seen = desk.changes.version
    await desk.on_bot_handoff("customer-1", 1, "web", "requested")
    assert await desk.changes.wait_for_change(seen, timeout=0.01) > seen
