"""A small week of conversations whose figures are worked out by hand below, written the way
Rasa 3.6 and the queue store them. Shared by the figures' unit test and the dashboard's test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from banking_backend.db import make_engine as make_bank_engine
from banking_backend.db import make_session_factory as make_bank_sessions
from banking_backend.services import customers, tickets
from banking_backend.unit_of_work import SqlUnitOfWork
from contact_centre import agents, queue
from contact_centre.bank import BankingBackendLookup
from contact_centre.testing import RasaTrackerWriter
from contact_centre.unit_of_work import CentreUnitOfWork

SINCE = datetime(2026, 3, 10, tzinfo=UTC)
UNTIL = datetime(2026, 3, 17, tzinfo=UTC)  # the dashboard's 2026-03-10 .. 2026-03-16 inclusive


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


# The figures, by hand (see the story in seed_week):
EXPECTED = {
    # 1..6; not the one begun before the period, the one after it, nor the empty one:
    "conversations": 6,
    "by_channel": {"web": 4, "sms": 1, "telegram": 1},
    "by_language": {"en": 3, "zh": 2, "unknown": 1},
    "handed_off": 3,  # conversations 2, 3, 5
    "containment_rate": 3 / 6,
    "handoff_rate": 3 / 6,
    "handoffs": 4,  # 2, 3, 5 and customer-7's (no bot events); not the one of 9 March
    "handoff_reasons": {"misunderstood": 1, "complaint_high": 1, "requested": 1, "auth_failed": 1},
    "user_turns": 12,  # 3 + 3 + 2 + 2 + 1 + 1
    "fallback_turns": 3,  # 1 in conversation 1, 2 in conversation 2
    "fallback_rate": 3 / 12,
    "top_intents": {
        "check_balance": 2,
        "request_human": 2,
        "greet": 1,
        "transfer_money": 1,
        "report_complaint": 1,
        "block_card": 1,
        "out_of_scope": 1,
    },
    "complaint_categories": {"card": 2, "fees": 1},
    "average_wait_seconds": (120 + 60 + 30) / 3,  # conversation 5 never claimed
    "average_handle_seconds": (600 + 300 + 90) / 3,
    "satisfaction_average": (5 + 3 + 4 + 1) / 4,
    "satisfaction_count": 4,
    "satisfaction_distribution": {1: 1, 2: 0, 3: 1, 4: 1, 5: 1},
}


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


class RasaEventBodies(RasaTrackerWriter):
    """Collects the events instead of writing tracker rows: each as Rasa's event broker publishes
    it, the event's dict with `sender_id` added (rasa/core/tracker_store.py, _stream_new_events)."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def _save(self, sender_id: str, data: dict[str, Any]) -> None:
        self.bodies.append({"sender_id": sender_id, **data})

    def dispose(self) -> None:
        pass


def seed_week(
    db_url: str, tracker_url: str | None, tracker: RasaTrackerWriter | None = None
) -> BankingBackendLookup:
    """Bank customers and tickets, queue rows and the bot's events (in Rasa's tracker store at
    `tracker_url`, or given to `tracker`); returns the bank lookup."""
    clock = Clock(at(1, 9))
    bank_sessions = make_bank_sessions(make_bank_engine(db_url))
    bank_uow = SqlUnitOfWork(bank_sessions, clock)
    centre = CentreUnitOfWork.from_url(db_url, clock)
    if tracker is None:
        assert tracker_url is not None
        tracker = RasaTrackerWriter(tracker_url)
    ann = agents.create_agent(centre, "ann", "ann-password-123")
    cust = customers.create_customer(bank_uow, "dana", "Dana", "+14155550177")

    def ticket(when: datetime, category: str) -> None:
        clock.now = when
        tickets.open_ticket(
            bank_uow,
            cust.id,
            category=category,
            severity="medium",
            subject=category,
            description="x",
            channel="web",
        )

    ticket(at(9, 12), "fraud")  # before the period
    ticket(at(11, 10, 3), "card")
    ticket(at(12, 15, 1), "card")
    ticket(at(14, 9), "fees")
    ticket(at(17, 0, 0, 1), "other")  # after the period

    def handoff(
        conversation: str, created: datetime, reason: str, claimed: float | None, closed: float | None
    ):
        clock.now = created
        h = queue.enqueue(centre, conversation, None, "web", reason)
        if claimed is not None:
            clock.now = created + timedelta(seconds=claimed)
            queue.claim(centre, h.id, ann.id)
            if closed is not None:
                clock.now = clock.now + timedelta(seconds=closed)
                queue.resolve(centre, h.id, ann.id)

    # 1. customer-1 on the web, English: three turns, one not understood; rates 5. No human.
    t = tracker
    t.session_started("customer-1", at(10, 9))
    t.slot("customer-1", at(10, 9, 0, 1), "language", "en")
    t.user("customer-1", at(10, 9, 0, 1), "hi", "greet", "web")
    t.bot("customer-1", at(10, 9, 0, 2), "Hello!")
    t.user("customer-1", at(10, 9, 1), "balance of 12345678 please", "check_balance", "web")
    t.user("customer-1", at(10, 9, 2), "blorp", "nlu_fallback", "web", confidence=0.2)
    t.slot("customer-1", at(10, 9, 3), "satisfaction", 5)
    # 2. customer-2 by SMS, Chinese: misunderstood twice -> handed off, claimed after 2 min,
    #    resolved 10 min later; rates 3.
    t.session_started("customer-2", at(11, 10))
    t.slot("customer-2", at(11, 10, 0, 1), "language", "zh")
    t.user("customer-2", at(11, 10, 1), "转账", "transfer_money", "sms")
    t.user("customer-2", at(11, 10, 2), "嗯嗯", "nlu_fallback", "sms", confidence=0.1)
    t.user("customer-2", at(11, 10, 3), "啊啊", "nlu_fallback", "sms", confidence=0.1)
    t.event("customer-2", at(11, 10, 5), "pause")
    handoff("customer-2", at(11, 10, 5), "misunderstood", claimed=120, closed=600)
    t.slot("customer-2", at(11, 10, 20), "satisfaction", 3.0)
    # 3. customer-1 again, a later session on Telegram: a high-severity complaint -> handed off,
    #    claimed after 1 min, handled 5 min; rates "4" (a string, as a text slot would hold it).
    t.session_started("customer-1", at(12, 15))
    t.slot("customer-1", at(12, 15, 0, 1), "language", "en")
    t.user("customer-1", at(12, 15, 1), "I want to complain", "report_complaint", "telegram")
    t.user("customer-1", at(12, 15, 1, 30), "a person please", "request_human", "telegram")
    handoff("customer-1", at(12, 15, 2), "complaint_high", claimed=60, closed=300)
    t.slot("customer-1", at(12, 15, 10), "satisfaction", "4")
    # An empty session (no user turn) is not a conversation.
    t.session_started("customer-8", at(12, 16))
    # 4. customer-3 on the web, Chinese: served by the bot; the satisfaction slot reset to None.
    t.session_started("customer-3", at(13, 8))
    t.slot("customer-3", at(13, 8, 0, 1), "language", "zh")
    t.user("customer-3", at(13, 8, 1), "余额", "check_balance", "web")
    t.user("customer-3", at(13, 8, 2), "冻结卡", "block_card", "web")
    t.slot("customer-3", at(13, 8, 3), "satisfaction", None)
    # 5. customer-4 on the web, English: asks for a person, still waiting; rates 1.
    t.session_started("customer-4", at(14, 12))
    t.slot("customer-4", at(14, 12, 0, 1), "language", "en")
    t.user("customer-4", at(14, 12, 1), "human!", "request_human", "web")
    handoff("customer-4", at(14, 12, 1, 1), "requested", claimed=None, closed=None)
    t.slot("customer-4", at(14, 12, 2), "satisfaction", 1)
    # 6. an anonymous web visitor, no language detected: out of scope.
    t.session_started("anon-web-x", at(15, 20))
    t.user("anon-web-x", at(15, 20, 1), "weather?", "out_of_scope", "web")
    # customer-7: a failed authentication handed off without bot events here; 30 s wait, 90 s.
    handoff("customer-7", at(16, 9), "auth_failed", claimed=30, closed=90)
    # Outside the period: a session begun on 9 March that goes on past midnight, its handoff,
    # and a session on 17 March.
    t.session_started("customer-5", at(9, 23, 50))
    t.user("customer-5", at(9, 23, 51), "hi", "greet", "web")
    handoff("customer-5", at(9, 23, 55), "requested", claimed=10, closed=10)
    t.user("customer-5", at(10, 0, 5), "still there?", "greet", "web")
    t.session_started("customer-6", at(17, 1))
    t.user("customer-6", at(17, 1, 1), "hi", "greet", "web")
    tracker.dispose()
    return BankingBackendLookup(lambda: SqlUnitOfWork(bank_sessions))
