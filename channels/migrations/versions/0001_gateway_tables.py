"""The gateway's tables: handled message ids, SMS opt-outs, offered buttons, Telegram links.

Revision ID: 0001_gateway_tables
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_gateway_tables"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channels_handled_messages",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("external_id", sa.String(128), primary_key=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "channels_sms_opt_outs",
        sa.Column("phone", sa.String(32), primary_key=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "channels_offered_buttons",
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("contact", sa.String(128), primary_key=True),
        sa.Column("buttons_json", sa.Text, nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "channels_telegram_link_requests",
        sa.Column("telegram_user_id", sa.String(32), primary_key=True),
        sa.Column("customer_id", sa.Integer, nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "channels_telegram_link_requests",
        "channels_offered_buttons",
        "channels_sms_opt_outs",
        "channels_handled_messages",
    ):
        op.drop_table(table)
