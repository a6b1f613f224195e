"""A Telegram link request for a number that is not a customer's (or that was refused a code) is
kept too, with no customer, and counts its guesses: `/code` then answers as it would for a
customer, so the chat cannot tell the two apart.

Revision ID: 0004_telegram_link_decoys
Revises: 0003_handled_message_answers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_telegram_link_decoys"
down_revision = "0003_handled_message_answers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channels_telegram_link_requests") as batch:
        batch.alter_column("customer_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    op.execute("DELETE FROM channels_telegram_link_requests WHERE customer_id IS NULL")
    with op.batch_alter_table("channels_telegram_link_requests") as batch:
        batch.drop_column("attempts")
        batch.alter_column("customer_id", existing_type=sa.Integer, nullable=False)
