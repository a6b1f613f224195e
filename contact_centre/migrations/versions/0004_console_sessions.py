"""Server-side console sessions: ended at sign-out or by a supervisor, idle and absolute limits.

Revision ID: cc0004
Revises: cc0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kernel.db import UTCDateTime

revision = "cc0004"
down_revision = "cc0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cc_console_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column(
            "agent_id",
            sa.Integer,
            sa.ForeignKey("cc_agents.id", name="fk_cc_console_sessions_agent_id_cc_agents"),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_seen_at", UTCDateTime, nullable=False),
        sa.Column("ended_at", UTCDateTime, nullable=True),
        sa.Column("ended_why", sa.String(32), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_cc_console_sessions_token_hash"),
    )
    op.create_index("ix_cc_console_sessions_agent_id", "cc_console_sessions", ["agent_id"])
    op.create_index("ix_cc_console_sessions_created_at", "cc_console_sessions", ["created_at"])


def downgrade() -> None:
    op.drop_table("cc_console_sessions")
