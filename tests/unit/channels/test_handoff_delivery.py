"""The gateway's Deliverer: an agent's reply reaches the right contact on the right adapter,
or waits in the outbox for the customer's next message."""

from __future__ import annotations

from channels.base import ChannelAdapter, Contact
from channels.handoff import ChannelDeliverer, InMemoryOutbox


class RecordingAdapter(ChannelAdapter):
    def __init__(self, name: str, reachable: bool = True) -> None:
        self.name = name
        self.reachable = reachable
        self.delivered: list[tuple[object, str]] = []

    async def send_text(self, contact, text):  # pragma: no cover - deliver is what is used
        raise AssertionError("not used")

    async def deliver(self, contact, text, buttons=None):
        if not self.reachable:
            return False
        self.delivered.append((contact, text))
        return True


class NoBank:
    def by_id(self, customer_id):
        raise AssertionError("anonymous contacts need no bank lookup")


_no_bank = NoBank()


async def test_an_anonymous_sms_or_telegram_contact_is_reached_at_its_own_number_or_chat():
    sms, telegram, web = RecordingAdapter("sms"), RecordingAdapter("telegram"), RecordingAdapter("web")
    deliverer = ChannelDeliverer({"sms": sms, "telegram": telegram, "web": web}, _no_bank, InMemoryOutbox())
    await deliverer.deliver("anon-sms-+14155550199", None, "sms", "hi")
    await deliverer.deliver("anon-telegram-4242", None, "telegram", "hi")
    await deliverer.deliver("anon-web-abcdef0123", None, "web", "hi")
    assert sms.delivered == [(Contact("sms", "+14155550199"), "hi")]
    assert telegram.delivered == [(Contact("telegram", "4242"), "hi")]
    assert web.delivered == [
        (Contact("web", "anon-web-abcdef0123"), "hi")
    ]  # the widget's sockets are per conversation


async def test_a_reply_the_channel_cannot_take_waits_for_the_next_message():
    outbox = InMemoryOutbox()
    deliverer = ChannelDeliverer({"web": RecordingAdapter("web", reachable=False)}, _no_bank, outbox)
    await deliverer.deliver("anon-web-abcdef0123", None, "web", "back in a minute")
    assert outbox.take("anon-web-abcdef0123") == [{"text": "back in a minute"}]
    assert outbox.take("anon-web-abcdef0123") == []
