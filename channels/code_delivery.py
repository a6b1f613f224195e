"""How the gateway sends one-time codes (a `banking_backend` CodeSender): by SMS when Twilio is
configured, written to the log in the demo otherwise. The bank calls `send_code` from a worker
thread (its services are synchronous), so the async SMS send is run on the event loop."""

from __future__ import annotations

import anyio.from_thread

from banking_backend.domain.views import CustomerView
from channels.base import ChannelAdapter, Contact
from channels.texts import LINK_CODE


class SmsCodeSender:
    def __init__(self, sms: ChannelAdapter) -> None:
        self._sms = sms

    def send_code(self, customer: CustomerView, code: str, purpose: str) -> None:
        contact = Contact("sms", customer.phone, customer.id)
        anyio.from_thread.run(self._sms.deliver, contact, LINK_CODE.format(code=code))
