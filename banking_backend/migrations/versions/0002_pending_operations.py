"""Pending operations: what a customer confirms is what the bank stored when it asked.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kernel.db import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KINDS = "'transfer', 'repayment', 'card_block', 'card_unblock', 'card_activate', 'card_limit'"


def upgrade() -> None:
    op.create_table(
        "pending_operations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("executed_at", UTCDateTime(), nullable=True),
        sa.Column("summary_message_id", sa.String(64), nullable=False),
        sa.Column("confirmed_message_id", sa.String(64), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'executed', 'cancelled', 'expired')", name="status"),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="kind"),
        sa.CheckConstraint("expires_at > created_at", name="lifetime"),
    )
    op.create_index("ix_pending_operations_customer_id", "pending_operations", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_operations_customer_id", "pending_operations")
    op.drop_table("pending_operations")
