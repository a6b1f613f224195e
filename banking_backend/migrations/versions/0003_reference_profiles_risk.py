"""Reference data the bank edits (exchange rates, branches and ATMs with their hours, products
with interest rates, fees), customer profiles and phone changes, transfers held for review,
the disputed transaction of a fraud ticket.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kernel.db import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_TRANSFER_STATUSES = "'completed', 'scheduled', 'failed', 'cancelled'"
NEW_TRANSFER_STATUSES = "'completed', 'scheduled', 'held', 'failed', 'cancelled'"


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "customer_profiles",
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), primary_key=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("address", sa.String(400), nullable=True),
        sa.Column("preferred_channel", sa.String(16), nullable=False),
        sa.Column("segment", sa.String(16), nullable=False),
        _ts("phone_changed_at"),
        _ts("address_changed_at"),
        _ts("email_changed_at"),
        _ts("sessions_valid_after"),
        sa.CheckConstraint("segment IN ('standard', 'premium')", name="segment"),
        sa.CheckConstraint(
            "preferred_channel IN ('web', 'sms', 'telegram', 'phone', 'email')", name="channel"
        ),
    )
    # Every existing customer gets a profile (standard segment, web), so none is missing one.
    op.execute(
        "INSERT INTO customer_profiles (customer_id, preferred_channel, segment) "
        "SELECT id, 'web', 'standard' FROM customers"
    )
    op.create_table(
        "phone_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("new_phone_e164", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("old_verified_at"),
        _ts("new_verified_at"),
        sa.Column("channel", sa.String(32), nullable=False),
        _ts("created_at", nullable=False),
        _ts("expires_at", nullable=False),
        _ts("completed_at"),
        sa.CheckConstraint("status IN ('pending', 'completed', 'cancelled', 'expired')", name="status"),
    )
    op.create_index("ix_phone_changes_customer_id", "phone_changes", ["customer_id"])

    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("base_currency", sa.String(3), nullable=False),
        sa.Column("quote_currency", sa.String(3), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),  # times 10**8
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.UniqueConstraint("base_currency", "quote_currency", "as_of", name="uq_exchange_rates_pair_day"),
        sa.CheckConstraint("rate > 0", name="positive"),
        sa.CheckConstraint("base_currency <> quote_currency", name="two_currencies"),
    )
    op.create_table(
        "branches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("city_en", sa.String(100), nullable=False),
        sa.Column("city_zh", sa.String(100), nullable=False),
        sa.Column("district_en", sa.String(100), nullable=False),
        sa.Column("district_zh", sa.String(100), nullable=False),
        sa.Column("address_en", sa.String(400), nullable=False),
        sa.Column("address_zh", sa.String(400), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("services", sa.Text(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("code"),
        sa.CheckConstraint("kind IN ('branch', 'atm')", name="kind"),
    )
    op.create_table(
        "branch_hours",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("branch_id", sa.Integer(), sa.ForeignKey("branches.id"), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.String(5), nullable=False),
        sa.Column("closes", sa.String(5), nullable=False),
        sa.UniqueConstraint("branch_id", "weekday", name="uq_branch_hours_day"),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        sa.CheckConstraint("opens < closes", name="order"),
    )
    op.create_index("ix_branch_hours_branch_id", "branch_hours", ["branch_id"])
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("rate_percent", sa.BigInteger(), nullable=False),  # times 10**4
        sa.Column("rate_kind", sa.String(8), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("minimum_minor", sa.BigInteger(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.UniqueConstraint("code", "effective_from", name="uq_products_code_day"),
        sa.CheckConstraint("kind IN ('savings', 'deposit', 'loan', 'card')", name="kind"),
        sa.CheckConstraint("rate_kind IN ('aer', 'fixed', 'apr')", name="rate_kind"),
        sa.CheckConstraint("rate_percent >= 0", name="rate_non_negative"),
    )
    op.create_table(
        "fees",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("category", sa.String(24), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("percent", sa.BigInteger(), nullable=True),  # times 10**4
        sa.Column("minimum_minor", sa.BigInteger(), nullable=True),
        sa.Column("maximum_minor", sa.BigInteger(), nullable=True),
        sa.Column("premium_waived", sa.Boolean(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.UniqueConstraint("code", "currency", "effective_from", name="uq_fees_code_day"),
        sa.CheckConstraint(
            "category IN ('account', 'card', 'transfer', 'international_wire', 'atm', 'fx')",
            name="category",
        ),
        sa.CheckConstraint("(amount_minor IS NULL) <> (percent IS NULL)", name="amount_or_percent"),
        sa.CheckConstraint("amount_minor IS NULL OR amount_minor >= 0", name="amount_non_negative"),
        sa.CheckConstraint("percent IS NULL OR percent >= 0", name="percent_non_negative"),
    )

    # Transfers held for review. SQLite cannot alter a CHECK: batch mode copies the table
    # (nothing refers to transfers, so the copy is safe with foreign keys on).
    with op.batch_alter_table("transfers") as batch:
        batch.add_column(sa.Column("hold_reasons", sa.String(200), nullable=True))
        batch.drop_constraint(op.f("ck_transfers_status"), type_="check")
        batch.create_check_constraint("status", f"status IN ({NEW_TRANSFER_STATUSES})")
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("disputed_posting_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_tickets_disputed_posting_id_postings"), "postings", ["disputed_posting_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint(op.f("fk_tickets_disputed_posting_id_postings"), type_="foreignkey")
        batch.drop_column("disputed_posting_id")
    op.execute("UPDATE transfers SET status = 'cancelled' WHERE status = 'held'")
    with op.batch_alter_table("transfers") as batch:
        batch.drop_constraint(op.f("ck_transfers_status"), type_="check")
        batch.create_check_constraint("status", f"status IN ({OLD_TRANSFER_STATUSES})")
        batch.drop_column("hold_reasons")
    for table in ("fees", "products", "branch_hours", "branches", "exchange_rates"):
        op.drop_table(table)
    op.drop_index("ix_phone_changes_customer_id", "phone_changes")
    op.drop_table("phone_changes")
    op.drop_table("customer_profiles")
