"""Rasa's events from the event broker (RabbitMQ), reduced to what the figures read.

Revision ID: cc0002
Revises: cc0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kernel.db import UTCDateTime

revision = "cc0002"
down_revision = "cc0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cc_bot_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_key", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("intent_name", sa.String(255), nullable=True),
        sa.Column("intent_confidence", sa.Float, nullable=True),
        sa.Column("action_name", sa.String(255), nullable=True),
        sa.Column("channel", sa.String(64), nullable=True),
        sa.Column("slot_name", sa.String(255), nullable=True),
        sa.Column("slot_value", sa.Text, nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("event_key", name="uq_cc_bot_events_event_key"),
    )
    op.create_index("ix_cc_bot_events_conversation_id", "cc_bot_events", ["conversation_id"])
    op.create_index("ix_cc_bot_events_occurred_at", "cc_bot_events", ["occurred_at", "id"])


def downgrade() -> None:
    op.drop_table("cc_bot_events")
