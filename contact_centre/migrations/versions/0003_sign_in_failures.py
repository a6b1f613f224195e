"""Failed console sign-ins, counted by sign-in throttling across every gateway process.

Revision ID: cc0003
Revises: cc0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kernel.db import UTCDateTime

revision = "cc0003"
down_revision = "cc0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cc_sign_in_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
        sa.Column("failed_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_cc_sign_in_failures_username", "cc_sign_in_failures", ["username", "failed_at"])
    op.create_index("ix_cc_sign_in_failures_address", "cc_sign_in_failures", ["address", "failed_at"])
    op.create_index("ix_cc_sign_in_failures_failed_at", "cc_sign_in_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_table("cc_sign_in_failures")
