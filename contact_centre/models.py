"""SQLAlchemy 2 models of the contact centre's own tables (prefixed `cc_`), beside the bank's."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kernel.db import UTCDateTime, declarative_base

OPEN_STATES_SQL = "state IN ('waiting', 'claimed')"


Base = declarative_base()


class Agent(Base):
    __tablename__ = "cc_agents"
    __table_args__ = (CheckConstraint("role IN ('supervisor', 'agent')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Handoff(Base):
    __tablename__ = "cc_handoffs"
    __table_args__ = (
        CheckConstraint(
            "reason IN ('requested', 'misunderstood', 'complaint_high', 'auth_failed', 'fraud')",
            name="reason",
        ),
        CheckConstraint("state IN ('waiting', 'claimed', 'resolved', 'returned_to_bot')", name="state"),
        CheckConstraint("state <> 'claimed' OR claimed_by IS NOT NULL", name="claimed_has_agent"),
        # At most one open handoff per conversation, whoever enqueues concurrently.
        Index(
            "uq_cc_handoffs_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text(OPEN_STATES_SQL),
            postgresql_where=text(OPEN_STATES_SQL),
        ),
        Index("ix_cc_handoffs_state_priority", "state", "priority", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    customer_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sla_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("cc_agents.id"), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("cc_agents.id"), nullable=True)


class Note(Base):
    __tablename__ = "cc_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("cc_handoffs.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("cc_agents.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Turn(Base):
    """A human-side turn: the customer's message while handed off, or an agent's reply."""

    __tablename__ = "cc_turns"
    __table_args__ = (CheckConstraint("author IN ('customer', 'agent')", name="author"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("cc_handoffs.id"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)
    author: Mapped[str] = mapped_column(String(16))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("cc_agents.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)  # masked before it is stored
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BotEvent(Base):
    """One of Rasa's events as the event broker published it, reduced to what the figures read
    (never the customer's text). `event_key` makes a redelivered message a no-op."""

    __tablename__ = "cc_bot_events"
    __table_args__ = (Index("ix_cc_bot_events_occurred_at", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the message body
    conversation_id: Mapped[str] = mapped_column(String(255), index=True)  # Rasa's sender_id
    event_type: Mapped[str] = mapped_column(String(64))  # user, bot, action, slot, session_started, ...
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)  # Rasa's timestamp
    intent_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    intent_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    action_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(64), nullable=True)
    slot_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    slot_value: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON; figures' slots only
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignInFailure(Base):
    """A failed console sign-in, what sign-in throttling counts (`sign_in_throttle`). An attempt
    is recorded as failed before its password is checked, so that concurrent attempts count one
    another; the row goes if the attempt is refused unchecked or succeeds."""

    __tablename__ = "cc_sign_in_failures"
    __table_args__ = (
        Index("ix_cc_sign_in_failures_username", "username", "failed_at"),
        Index("ix_cc_sign_in_failures_address", "address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(255))  # as typed, normalised: it need not exist
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the client's IP
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ConsoleSession(Base):
    """A signed-in console session (`console_sessions`). The browser's cookie holds a random id;
    only its SHA-256 is stored, so a copy of this table opens no console."""

    __tablename__ = "cc_console_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("cc_agents.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_why: Mapped[str | None] = mapped_column(String(32), nullable=True)  # signed out, ended by ...
