"""The answer to a web-widget message, kept with its id: a widget that resends the message to
another gateway (the first one died or the connection moved) gets that answer, not silence.

Revision ID: 0003_handled_message_answers
Revises: 0002_shared_gateway_state
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_handled_message_answers"
down_revision = "0002_shared_gateway_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channels_handled_messages") as batch:
        batch.add_column(sa.Column("answer_json", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channels_handled_messages") as batch:
        batch.drop_column("answer_json")
