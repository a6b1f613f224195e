"""What N gateways must share to behave as one: the conversations written in traditional
characters, and the agents' replies waiting for their customer (the outbox).

Revision ID: 0002_shared_gateway_state
Revises: 0001_gateway_tables
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_shared_gateway_state"
down_revision = "0001_gateway_tables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channels_traditional_conversations",
        sa.Column("conversation_id", sa.String(128), primary_key=True),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "channels_pending_replies",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_channels_pending_replies_conversation_id", "channels_pending_replies", ["conversation_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_channels_pending_replies_conversation_id", "channels_pending_replies")
    op.drop_table("channels_pending_replies")
    op.drop_table("channels_traditional_conversations")
