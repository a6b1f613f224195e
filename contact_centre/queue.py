"""The handoff queue's service functions. Each takes a unit of work; times come from its clock.

A conversation has at most one open handoff (waiting or claimed); the database enforces it
with a partial unique index, so concurrent enqueues of one conversation make one entry.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contact_centre import models as m
from contact_centre.domain import (
    ALLOWED_FROM,
    CLAIMED,
    OPEN_STATES,
    RESOLVED,
    RETURNED_TO_BOT,
    WAITING,
    AgentNotFound,
    ClaimedByAnother,
    HandoffNotFound,
    HandoffView,
    IllegalTransition,
    InvalidInput,
    NoteView,
    NotPermitted,
    TurnView,
    priority_for,
    sla_due,
)
from contact_centre.unit_of_work import CentreUnitOfWork
from kernel.masking import mask_text

MAX_TEXT_CHARS = 4000


def view(row: m.Handoff, agent_name: str | None = None) -> HandoffView:
    return HandoffView(
        id=row.id,
        conversation_id=row.conversation_id,
        customer_id=row.customer_id,
        channel=row.channel,
        reason=row.reason,
        priority=row.priority,
        state=row.state,
        created_at=row.created_at,
        sla_due_at=row.sla_due_at,
        claimed_by=row.claimed_by,
        claimed_by_name=agent_name,
        claimed_at=row.claimed_at,
        closed_at=row.closed_at,
    )


def _view(uow: CentreUnitOfWork, row: m.Handoff) -> HandoffView:
    name = None
    if row.claimed_by is not None:
        agent = uow.session.get(m.Agent, row.claimed_by)
        name = agent.username if agent else None
    return view(row, name)


def _open_row(uow: CentreUnitOfWork, conversation_id: str) -> m.Handoff | None:
    return uow.session.scalar(
        select(m.Handoff).where(
            m.Handoff.conversation_id == conversation_id, m.Handoff.state.in_(OPEN_STATES)
        )
    )


def _row(uow: CentreUnitOfWork, handoff_id: int, *, for_update: bool = False) -> m.Handoff:
    query = select(m.Handoff).where(m.Handoff.id == handoff_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalar(query)
    if row is None:
        raise HandoffNotFound(handoff_id)
    return row


def _agent(uow: CentreUnitOfWork, agent_id: int) -> m.Agent:
    agent = uow.session.get(m.Agent, agent_id)
    if agent is None or not agent.active:
        raise AgentNotFound(agent_id)
    return agent


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("the message is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"the message is longer than {MAX_TEXT_CHARS} characters")
    return text


def _require(action: str, row: m.Handoff) -> None:
    if row.state not in ALLOWED_FROM[action]:
        raise IllegalTransition(action, row.state)


def _require_holder(uow: CentreUnitOfWork, row: m.Handoff, agent: m.Agent) -> None:
    """The agent who claimed it, or any supervisor, may act on a claimed handoff."""
    if row.claimed_by != agent.id and agent.role != "supervisor":
        holder = uow.session.get(m.Agent, row.claimed_by) if row.claimed_by else None
        raise ClaimedByAnother(holder.username if holder else None)


def enqueue(
    uow: CentreUnitOfWork,
    conversation_id: str,
    customer_id: int | None,
    channel: str,
    reason: str,
    *,
    vulnerable: bool = False,
) -> HandoffView:
    """Put the conversation in the queue, or return its open handoff if it has one."""
    priority = priority_for(reason, vulnerable=vulnerable)
    if not conversation_id or not channel:
        raise InvalidInput("a handoff needs a conversation id and a channel")
    with uow:
        existing = _open_row(uow, conversation_id)
        if existing is not None:
            return _view(uow, existing)
        now = uow.now()
        row = m.Handoff(
            conversation_id=conversation_id,
            customer_id=customer_id,
            channel=channel,
            reason=reason,
            priority=priority,
            state=WAITING,
            created_at=now,
            sla_due_at=sla_due(now, priority),
        )
        uow.session.add(row)
        try:
            uow.session.flush()
            uow.commit()
        except IntegrityError:
            # Someone else enqueued the same conversation between our read and our write.
            uow.session.rollback()
            existing = _open_row(uow, conversation_id)
            if existing is None:
                raise
            return _view(uow, existing)
        return view(row)


def open_handoff_for(uow: CentreUnitOfWork, conversation_id: str) -> HandoffView | None:
    with uow:
        row = _open_row(uow, conversation_id)
        return _view(uow, row) if row else None


def get_handoff(uow: CentreUnitOfWork, handoff_id: int) -> HandoffView:
    with uow:
        return _view(uow, _row(uow, handoff_id))


def _waiting_rows(uow: CentreUnitOfWork) -> list[m.Handoff]:
    return list(
        uow.session.scalars(
            select(m.Handoff)
            .where(m.Handoff.state == WAITING)
            .order_by(m.Handoff.priority, m.Handoff.created_at, m.Handoff.id)
        )
    )


def waiting_queue(uow: CentreUnitOfWork) -> list[HandoffView]:
    """Waiting handoffs, most urgent priority first, then longest waiting first."""
    with uow:
        return [view(row) for row in _waiting_rows(uow)]


def open_handoffs(uow: CentreUnitOfWork) -> list[HandoffView]:
    """The waiting queue followed by the claimed handoffs (oldest claim first): the console's list."""
    with uow:
        claimed = uow.session.scalars(
            select(m.Handoff).where(m.Handoff.state == CLAIMED).order_by(m.Handoff.claimed_at, m.Handoff.id)
        )
        return [view(row) for row in _waiting_rows(uow)] + [_view(uow, row) for row in claimed]


def position_in_queue(uow: CentreUnitOfWork, conversation_id: str) -> int | None:
    """1 for the next to be served; None when the conversation is not waiting."""
    with uow:
        for position, row in enumerate(_waiting_rows(uow), start=1):
            if row.conversation_id == conversation_id:
                return position
        return None


def claim(uow: CentreUnitOfWork, handoff_id: int, agent_id: int) -> HandoffView:
    """Take a waiting handoff. Claiming one's own claim again is harmless; another's is refused."""
    with uow:
        row = _row(uow, handoff_id, for_update=True)
        agent = _agent(uow, agent_id)
        _require("claim", row)
        if row.state == CLAIMED:
            if row.claimed_by == agent.id:
                return _view(uow, row)
            # Taking over another's conversation is a reassignment, which supervisors do.
            holder = uow.session.get(m.Agent, row.claimed_by)
            raise ClaimedByAnother(holder.username if holder else None)
        row.state, row.claimed_by, row.claimed_at = CLAIMED, agent.id, uow.now()
        result = view(row, agent.username)
        uow.commit()
        return result


def reassign(uow: CentreUnitOfWork, handoff_id: int, actor_id: int, to_agent_id: int) -> HandoffView:
    """A supervisor gives a waiting or claimed handoff to an agent (the wait ends if it was waiting)."""
    with uow:
        actor = _agent(uow, actor_id)
        if actor.role != "supervisor":
            raise NotPermitted("reassign a conversation")
        row = _row(uow, handoff_id, for_update=True)
        _require("reassign", row)
        target = _agent(uow, to_agent_id)
        if row.state == WAITING or row.claimed_at is None:
            row.claimed_at = uow.now()
        row.state, row.claimed_by = CLAIMED, target.id
        result = view(row, target.username)
        uow.commit()
        return result


def add_note(uow: CentreUnitOfWork, handoff_id: int, agent_id: int, text: str) -> NoteView:
    """Agents' notes are internal: never sent to the customer. Allowed in any state."""
    text = _clean_text(text)
    with uow:
        row = _row(uow, handoff_id)
        agent = _agent(uow, agent_id)
        note = m.Note(handoff_id=row.id, agent_id=agent.id, text=mask_text(text), created_at=uow.now())
        uow.session.add(note)
        uow.session.flush()
        result = NoteView(note.id, agent.username, note.text, note.created_at)
        uow.commit()
        return result


def record_customer_message(uow: CentreUnitOfWork, conversation_id: str, channel: str, text: str) -> TurnView:
    """Keep what the customer wrote while handed off (masked) for the agent."""
    text = _clean_text(text)
    with uow:
        row = _open_row(uow, conversation_id)
        if row is None:
            raise HandoffNotFound(conversation_id)
        turn = m.Turn(
            handoff_id=row.id,
            conversation_id=conversation_id,
            author="customer",
            agent_id=None,
            channel=channel,
            text=mask_text(text),
            created_at=uow.now(),
        )
        uow.session.add(turn)
        uow.session.flush()
        result = _turn_view(turn, None)
        uow.commit()
        return result


def reply_channel(uow: CentreUnitOfWork, handoff_id: int) -> str:
    """Where to answer: the channel the customer last wrote on while handed off, else the
    channel the handoff came from (a customer may move from the web to SMS while waiting)."""
    with uow:
        row = _row(uow, handoff_id)
        last = uow.session.scalar(
            select(m.Turn.channel)
            .where(m.Turn.handoff_id == row.id, m.Turn.author == "customer")
            .order_by(m.Turn.created_at.desc(), m.Turn.id.desc())
            .limit(1)
        )
        return last or row.channel


def record_agent_reply(uow: CentreUnitOfWork, handoff_id: int, agent_id: int, text: str) -> TurnView:
    """Record the holder's reply (on the customer's current channel). The caller delivers the
    unmasked text; the transcript keeps it masked."""
    text = _clean_text(text)
    with uow:
        row = _row(uow, handoff_id, for_update=True)
        agent = _agent(uow, agent_id)
        _require("reply", row)
        _require_holder(uow, row, agent)
        turn = m.Turn(
            handoff_id=row.id,
            conversation_id=row.conversation_id,
            author="agent",
            agent_id=agent.id,
            channel=reply_channel(uow, row.id),
            text=mask_text(text),
            created_at=uow.now(),
        )
        uow.session.add(turn)
        uow.session.flush()
        result = _turn_view(turn, agent.username)
        uow.commit()
        return result


def _close(uow: CentreUnitOfWork, action: str, state: str, handoff_id: int, agent_id: int) -> HandoffView:
    with uow:
        row = _row(uow, handoff_id, for_update=True)
        agent = _agent(uow, agent_id)
        _require(action, row)
        _require_holder(uow, row, agent)
        row.state, row.closed_at, row.closed_by = state, uow.now(), agent.id
        result = _view(uow, row)
        uow.commit()
        return result


def resolve(uow: CentreUnitOfWork, handoff_id: int, agent_id: int) -> HandoffView:
    return _close(uow, "resolve", RESOLVED, handoff_id, agent_id)


def return_to_bot(uow: CentreUnitOfWork, handoff_id: int, agent_id: int) -> HandoffView:
    return _close(uow, "return_to_bot", RETURNED_TO_BOT, handoff_id, agent_id)


def _turn_view(turn: m.Turn, agent_name: str | None) -> TurnView:
    return TurnView(turn.id, turn.author, agent_name, turn.channel, turn.text, turn.created_at)


def notes(uow: CentreUnitOfWork, handoff_id: int) -> list[NoteView]:
    with uow:
        rows = uow.session.execute(
            select(m.Note, m.Agent.username)
            .join(m.Agent, m.Agent.id == m.Note.agent_id)
            .where(m.Note.handoff_id == handoff_id)
            .order_by(m.Note.created_at, m.Note.id)
        )
        return [NoteView(n.id, name, n.text, n.created_at) for n, name in rows]


def turns_for_conversation(uow: CentreUnitOfWork, conversation_id: str) -> list[TurnView]:
    """Every human-side turn of the conversation, across all its handoffs, oldest first."""
    with uow:
        rows = uow.session.execute(
            select(m.Turn, m.Agent.username)
            .outerjoin(m.Agent, m.Agent.id == m.Turn.agent_id)
            .where(m.Turn.conversation_id == conversation_id)
            .order_by(m.Turn.created_at, m.Turn.id)
        )
        return [_turn_view(t, name) for t, name in rows]


def handoffs_between(uow: CentreUnitOfWork, since: datetime, until: datetime) -> list[HandoffView]:
    """Handoffs created in [since, until), for the figures."""
    with uow:
        rows = uow.session.scalars(
            select(m.Handoff)
            .where(m.Handoff.created_at >= since, m.Handoff.created_at < until)
            .order_by(m.Handoff.created_at, m.Handoff.id)
        )
        return [view(row) for row in rows]


def queue_length(uow: CentreUnitOfWork) -> int:
    with uow:
        return len(_waiting_rows(uow))
