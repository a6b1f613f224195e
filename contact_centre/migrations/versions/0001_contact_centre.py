"""The contact centre: agents, handoffs, agents' notes, human-side turns.

Revision ID: cc0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from contact_centre.models import OPEN_STATES_SQL
from kernel.db import UTCDateTime

revision = "cc0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cc_agents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_login_at", UTCDateTime, nullable=True),
        sa.CheckConstraint("role IN ('supervisor', 'agent')", name="ck_cc_agents_role"),
        sa.UniqueConstraint("username", name="uq_cc_agents_username"),
    )
    op.create_table(
        "cc_handoffs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.Integer, nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("sla_due_at", UTCDateTime, nullable=False),
        sa.Column("claimed_by", sa.Integer, sa.ForeignKey("cc_agents.id"), nullable=True),
        sa.Column("claimed_at", UTCDateTime, nullable=True),
        sa.Column("closed_at", UTCDateTime, nullable=True),
        sa.Column("closed_by", sa.Integer, sa.ForeignKey("cc_agents.id"), nullable=True),
        sa.CheckConstraint(
            "reason IN ('requested', 'misunderstood', 'complaint_high', 'auth_failed')",
            name="ck_cc_handoffs_reason",
        ),
        sa.CheckConstraint(
            "state IN ('waiting', 'claimed', 'resolved', 'returned_to_bot')", name="ck_cc_handoffs_state"
        ),
        sa.CheckConstraint(
            "state <> 'claimed' OR claimed_by IS NOT NULL", name="ck_cc_handoffs_claimed_has_agent"
        ),
    )
    op.create_index("ix_cc_handoffs_conversation_id", "cc_handoffs", ["conversation_id"])
    op.create_index("ix_cc_handoffs_customer_id", "cc_handoffs", ["customer_id"])
    op.create_index("ix_cc_handoffs_created_at", "cc_handoffs", ["created_at"])
    op.create_index("ix_cc_handoffs_state_priority", "cc_handoffs", ["state", "priority", "created_at"])
    op.create_index(
        "uq_cc_handoffs_open_conversation",
        "cc_handoffs",
        ["conversation_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_STATES_SQL),
        postgresql_where=sa.text(OPEN_STATES_SQL),
    )
    op.create_table(
        "cc_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("cc_handoffs.id"), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("cc_agents.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_cc_notes_handoff_id", "cc_notes", ["handoff_id"])
    op.create_table(
        "cc_turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("cc_handoffs.id"), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("cc_agents.id"), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.CheckConstraint("author IN ('customer', 'agent')", name="ck_cc_turns_author"),
    )
    op.create_index("ix_cc_turns_handoff_id", "cc_turns", ["handoff_id"])
    op.create_index("ix_cc_turns_conversation_id", "cc_turns", ["conversation_id"])


def downgrade() -> None:
    op.drop_table("cc_turns")
    op.drop_table("cc_notes")
    op.drop_index("uq_cc_handoffs_open_conversation", table_name="cc_handoffs")
    op.drop_table("cc_handoffs")
    op.drop_table("cc_agents")
