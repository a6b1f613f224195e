"""Many requests for a code at the same moment, each in its own session: the limit still
holds (the count and the new code are one transaction under the customer's lock)."""

from __future__ import annotations

from banking_backend.code_senders import RecordingCodeSender
from banking_backend.db import make_engine, make_session_factory
from banking_backend.domain.errors import TooManyCodes
from banking_backend.migrate import upgrade
from banking_backend.services import customers, otp
from banking_backend.unit_of_work import SqlUnitOfWork
from tests.support.concurrency import at_once

REQUESTS = 12


def test_requests_at_the_same_moment_get_no_more_codes_than_the_limit(bank_url):
    upgrade(bank_url)
    engine = make_engine(bank_url, pool_size=REQUESTS, max_overflow=0)
    sessions = make_session_factory(engine)
    customer = customers.create_customer(SqlUnitOfWork(sessions), "eve", "Eve", "+14155559999")
    sender = RecordingCodeSender()
    outcomes = at_once(
        lambda: otp.issue_code(SqlUnitOfWork(sessions), customer.id, "transfer", sender),
        REQUESTS,
        expected=(TooManyCodes,),
    )
    engine.dispose()
    refused = [o for o in outcomes if isinstance(o, TooManyCodes)]
    assert len(sender.sent) == otp.ISSUE_LIMITS[0].codes
    assert len(refused) == REQUESTS - otp.ISSUE_LIMITS[0].codes
