"""The queue's rules: ordering, SLA, idempotent enqueue, who may do what and from which state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contact_centre import queue
from contact_centre.domain import (
    ClaimedByAnother,
    HandoffNotFound,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    UnknownReason,
)
from tests.support.concurrency import at_once


def test_enqueue_derives_priority_and_sla_from_the_reason(uow, clock):
    complaint = queue.enqueue(uow, "customer-1", 1, "web", "complaint_high")
    request = queue.enqueue(uow, "customer-2", 2, "sms", "requested")
    assert complaint.priority == 1
    assert complaint.sla_due_at == clock.now + timedelta(minutes=2)
    assert request.priority == 3
    assert request.sla_due_at == clock.now + timedelta(minutes=10)
    assert complaint.state == request.state == "waiting"


def test_a_vulnerable_customer_is_served_one_step_sooner(uow):
    assert queue.enqueue(uow, "customer-1", 1, "web", "requested", vulnerable=True).priority == 2
    assert queue.enqueue(uow, "customer-2", 2, "web", "complaint_high", vulnerable=True).priority == 1


def test_enqueue_is_idempotent_while_the_handoff_is_open(uow, clock, staff):
    first = queue.enqueue(uow, "customer-1", 1, "web", "requested")
    clock.advance(minutes=1)
    again = queue.enqueue(uow, "customer-1", 1, "sms", "misunderstood")
    assert again == first
    queue.claim(uow, first.id, staff.ann.id)
    assert queue.enqueue(uow, "customer-1", 1, "web", "requested").id == first.id
    queue.resolve(uow, first.id, staff.ann.id)
    later = queue.enqueue(uow, "customer-1", 1, "web", "requested")
    assert later.id != first.id and later.state == "waiting"


def test_concurrent_enqueues_of_one_conversation_make_one_entry(uow):
    """Several worker threads share one unit of work object, as the desk's do."""
    ids = [entry.id for entry in at_once(lambda: queue.enqueue(uow, "customer-9", 9, "web", "requested"), 4)]
    assert len(ids) == 4 and len(set(ids)) == 1
    assert len(queue.waiting_queue(uow)) == 1


def test_waiting_queue_sorts_by_priority_then_waiting_time(uow, clock):
    queue.enqueue(uow, "c-old-request", None, "web", "requested")
    clock.advance(minutes=1)
    queue.enqueue(uow, "c-misunderstood", None, "web", "misunderstood")
    clock.advance(minutes=1)
    queue.enqueue(uow, "c-auth", None, "sms", "auth_failed")
    clock.advance(minutes=1)
    queue.enqueue(uow, "c-complaint", None, "telegram", "complaint_high")
    order = [h.conversation_id for h in queue.waiting_queue(uow)]
    assert order == ["c-complaint", "c-auth", "c-old-request", "c-misunderstood"]
    assert queue.position_in_queue(uow, "c-complaint") == 1
    assert queue.position_in_queue(uow, "c-misunderstood") == 4
    assert queue.position_in_queue(uow, "not-queued") is None


def test_a_claimed_handoff_leaves_the_waiting_queue_and_others_move_up(uow, clock, staff):
    a = queue.enqueue(uow, "a", None, "web", "requested")
    clock.advance(seconds=5)
    queue.enqueue(uow, "b", None, "web", "requested")
    assert queue.position_in_queue(uow, "b") == 2
    queue.claim(uow, a.id, staff.ann.id)
    assert queue.position_in_queue(uow, "b") == 1
    assert queue.position_in_queue(uow, "a") is None
    assert [h.conversation_id for h in queue.open_handoffs(uow)] == ["b", "a"]


def test_overdue_once_the_sla_passes_while_waiting(uow, clock):
    h = queue.enqueue(uow, "a", None, "web", "complaint_high")
    assert not h.overdue(clock.now + timedelta(minutes=2))
    assert h.overdue(clock.now + timedelta(minutes=2, seconds=1))


def test_unknown_reason_is_refused(uow):
    with pytest.raises(UnknownReason):
        queue.enqueue(uow, "a", None, "web", "bored")
    assert queue.waiting_queue(uow) == []


def test_claim_records_who_and_when_and_is_refused_to_a_second_agent(uow, clock, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    clock.advance(seconds=90)
    claimed = queue.claim(uow, h.id, staff.ann.id)
    assert (claimed.state, claimed.claimed_by_name) == ("claimed", "ann")
    assert claimed.waited(clock.now) == timedelta(seconds=90)
    assert queue.claim(uow, h.id, staff.ann.id).claimed_at == claimed.claimed_at  # harmless repeat
    with pytest.raises(ClaimedByAnother) as refused:
        queue.claim(uow, h.id, staff.ben.id)
    assert refused.value.holder == "ann"
    with pytest.raises(ClaimedByAnother):  # a supervisor reassigns instead
        queue.claim(uow, h.id, staff.supervisor.id)


def test_only_a_supervisor_reassigns(uow, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    queue.claim(uow, h.id, staff.ann.id)
    with pytest.raises(NotPermitted):
        queue.reassign(uow, h.id, staff.ann.id, staff.ben.id)
    moved = queue.reassign(uow, h.id, staff.supervisor.id, staff.ben.id)
    assert moved.claimed_by == staff.ben.id
    with pytest.raises(ClaimedByAnother):
        queue.record_agent_reply(uow, h.id, staff.ann.id, "hello")
    queue.record_agent_reply(uow, h.id, staff.ben.id, "hello")


def test_reply_resolve_and_return_need_a_claim(uow, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    for action in (queue.resolve, queue.return_to_bot):
        with pytest.raises(IllegalTransition):
            action(uow, h.id, staff.ann.id)
    with pytest.raises(IllegalTransition):
        queue.record_agent_reply(uow, h.id, staff.ann.id, "hi")


def test_closed_handoffs_cannot_be_reopened_or_answered(uow, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    queue.claim(uow, h.id, staff.ann.id)
    closed = queue.return_to_bot(uow, h.id, staff.ann.id)
    assert closed.state == "returned_to_bot" and closed.closed_at is not None
    for illegal in (
        lambda: queue.claim(uow, h.id, staff.ben.id),
        lambda: queue.resolve(uow, h.id, staff.ann.id),
        lambda: queue.return_to_bot(uow, h.id, staff.ann.id),
        lambda: queue.record_agent_reply(uow, h.id, staff.ann.id, "late"),
        lambda: queue.reassign(uow, h.id, staff.supervisor.id, staff.ben.id),
    ):
        with pytest.raises(IllegalTransition):
            illegal()
    with pytest.raises(HandoffNotFound):
        queue.record_customer_message(uow, "a", "web", "hello?")
    assert queue.get_handoff(uow, h.id).state == "returned_to_bot"


def test_a_supervisor_may_close_an_agents_conversation(uow, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    queue.claim(uow, h.id, staff.ann.id)
    with pytest.raises(ClaimedByAnother):
        queue.resolve(uow, h.id, staff.ben.id)
    assert queue.resolve(uow, h.id, staff.supervisor.id).state == "resolved"


def test_transcript_keeps_both_sides_masked_with_their_channels(uow, clock, staff):
    h = queue.enqueue(uow, "customer-1", 1, "web", "requested")
    queue.record_customer_message(uow, "customer-1", "web", "my card 4111 1111 1113 1234 was declined")
    queue.claim(uow, h.id, staff.ann.id)
    clock.advance(seconds=30)
    queue.record_customer_message(uow, "customer-1", "sms", "I'm on my phone now, +44 7700 900123")
    clock.advance(seconds=30)
    reply = queue.record_agent_reply(uow, h.id, staff.ann.id, "Thanks, I see card ending 1234.")
    assert reply.channel == "sms"  # the customer's latest channel
    turns = queue.turns_for_conversation(uow, "customer-1")
    assert [(t.author, t.channel) for t in turns] == [
        ("customer", "web"),
        ("customer", "sms"),
        ("agent", "sms"),
    ]
    assert "4111" not in turns[0].text and "••••1234" in turns[0].text
    assert "7700" not in turns[1].text and "••••0123" in turns[1].text
    assert turns[2].agent == "ann"


def test_notes_are_kept_in_order_with_their_author(uow, clock, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    queue.add_note(uow, h.id, staff.ann.id, "asked about a fee")
    clock.advance(seconds=1)
    queue.add_note(uow, h.id, staff.supervisor.id, "refund approved")
    assert [(n.agent, n.text) for n in queue.notes(uow, h.id)] == [
        ("ann", "asked about a fee"),
        ("sue", "refund approved"),
    ]
    with pytest.raises(InvalidInput):
        queue.add_note(uow, h.id, staff.ann.id, "   ")


def test_messages_too_long_or_empty_are_refused_and_nothing_is_written(uow, staff):
    h = queue.enqueue(uow, "a", None, "web", "requested")
    queue.claim(uow, h.id, staff.ann.id)
    with pytest.raises(InvalidInput):
        queue.record_agent_reply(uow, h.id, staff.ann.id, "x" * 4001)
    with pytest.raises(InvalidInput):
        queue.record_customer_message(uow, "a", "web", "")
    assert queue.turns_for_conversation(uow, "a") == []


def test_fraud_comes_first_with_the_shortest_sla_even_before_a_vulnerable_complaint(uow, clock):
    queue.enqueue(uow, "c-complaint", 2, "web", "complaint_high", vulnerable=True)
    clock.advance(minutes=1)
    fraud = queue.enqueue(uow, "c-fraud", None, "web", "fraud")
    assert fraud.reason == "fraud" and fraud.priority == 0
    assert fraud.sla_due_at == clock.now + timedelta(minutes=1)
    assert queue.enqueue(uow, "c-fraud-2", 3, "web", "fraud", vulnerable=True).priority == 0
    assert [h.conversation_id for h in queue.waiting_queue(uow)][:2] == ["c-fraud", "c-fraud-2"]
