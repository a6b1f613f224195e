"""The bank: customers, accounts, ledger, payees, transfers, cards, statements, codes, tickets,
audit log.

Revision ID: 0001
Revises:
Create Date: 2026-01-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kernel.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("journal_entries", "postings", "audit_log")

PG_BALANCE_FUNCTION = """
CREATE FUNCTION bank_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM postings WHERE entry_id = NEW.entry_id
        GROUP BY currency HAVING SUM(amount_minor) <> 0
    ) THEN
        RAISE EXCEPTION 'journal entry % does not balance', NEW.entry_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF (SELECT COUNT(*) FROM postings WHERE entry_id = NEW.entry_id) < 2 THEN
        RAISE EXCEPTION 'journal entry % has fewer than two postings', NEW.entry_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
"""
PG_BALANCE_TRIGGER = """
CREATE CONSTRAINT TRIGGER postings_entry_balanced
    AFTER INSERT ON postings DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION bank_check_entry_balanced();
"""
PG_APPEND_ONLY_FUNCTION = """
CREATE FUNCTION bank_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("phone_e164", sa.String(16), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("vulnerable", sa.Boolean(), nullable=False),
        sa.Column("marketing_opt_in", sa.Boolean(), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint("language IN ('en', 'zh')", name="language"),
        sa.CheckConstraint("status IN ('active', 'locked', 'closed')", name="status"),
        sa.UniqueConstraint("username"),
        sa.UniqueConstraint("phone_e164"),
        sa.UniqueConstraint("telegram_user_id"),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("number", sa.String(34), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("overdraft_allowed", sa.Boolean(), nullable=False),
        sa.Column("overdraft_limit_minor", sa.BigInteger(), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("internal_code", sa.String(32), nullable=True),
        _ts("opened_at"),
        sa.CheckConstraint("kind IN ('checking', 'savings', 'credit_card', 'internal')", name="kind"),
        sa.CheckConstraint("status IN ('open', 'frozen', 'closed')", name="status"),
        sa.CheckConstraint("(customer_id IS NULL) = (kind = 'internal')", name="owner"),
        sa.CheckConstraint("overdraft_limit_minor >= 0", name="overdraft_non_negative"),
        sa.CheckConstraint("overdraft_allowed OR overdraft_limit_minor = 0", name="overdraft_allowed"),
        sa.CheckConstraint(
            "kind = 'internal' OR balance_minor + overdraft_limit_minor >= 0",
            name="within_overdraft",
        ),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("id", "currency", name="uq_accounts_id_currency"),
        sa.UniqueConstraint("internal_code", "currency", name="uq_accounts_internal_code_currency"),
    )
    op.create_index("ix_accounts_customer_id", "accounts", ["customer_id"])
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ts("posted_at"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("merchant", sa.String(200), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
    )
    op.create_index("ix_journal_entries_posted_at", "journal_entries", ["posted_at"])
    op.create_table(
        "postings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("journal_entries.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount_minor <> 0", name="non_zero"),
        sa.ForeignKeyConstraint(
            ["account_id", "currency"],
            ["accounts.id", "accounts.currency"],
            name="fk_postings_account_currency",
        ),
    )
    op.create_index("ix_postings_entry_id", "postings", ["entry_id"])
    op.create_index("ix_postings_account_id_id", "postings", ["account_id", "id"])
    op.create_table(
        "payees",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("account_number", sa.String(34), nullable=False),
        sa.Column("bank_name", sa.String(100), nullable=True),
        sa.Column("internal_account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True),
        _ts("trusted_at", nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("customer_id", "account_number", name="uq_payees_number"),
    )
    op.create_index("ix_payees_customer_id", "payees", ["customer_id"])
    op.create_table(
        "transfers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("from_account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("to_account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True),
        sa.Column("payee_id", sa.Integer(), sa.ForeignKey("payees.id"), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("counts_toward_limit", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(128), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("memo", sa.String(140), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("scheduled_for", sa.Date(), nullable=True),
        sa.Column("journal_entry_id", sa.Integer(), sa.ForeignKey("journal_entries.id"), nullable=True),
        sa.Column("failure_reason", sa.String(200), nullable=True),
        _ts("created_at"),
        _ts("executed_at", nullable=True),
        sa.UniqueConstraint("customer_id", "idempotency_key", name="uq_transfers_idempotency"),
        sa.CheckConstraint("amount_minor > 0", name="positive"),
        sa.CheckConstraint("status IN ('completed', 'scheduled', 'failed', 'cancelled')", name="status"),
        sa.CheckConstraint("(to_account_id IS NULL) <> (payee_id IS NULL)", name="one_destination"),
    )
    op.create_index("ix_transfers_customer_id", "transfers", ["customer_id"])
    op.create_index("ix_transfers_executed_at", "transfers", ["executed_at"])
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("brand", sa.String(20), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("pan_hash", sa.String(64), nullable=False),
        sa.Column("expiry_month", sa.Integer(), nullable=False),
        sa.Column("expiry_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("block_reason", sa.String(16), nullable=True),
        sa.Column("daily_limit_minor", sa.BigInteger(), nullable=False),
        _ts("replacement_ordered_at", nullable=True),
        sa.Column("replaces_card_id", sa.Integer(), sa.ForeignKey("cards.id"), nullable=True),
        _ts("created_at"),
        sa.CheckConstraint("kind IN ('debit', 'credit')", name="kind"),
        sa.CheckConstraint(
            "status IN ('active', 'blocked', 'lost', 'stolen', 'inactive', 'replaced')",
            name="status",
        ),
        sa.CheckConstraint(
            "block_reason IS NULL OR block_reason IN ('lost', 'stolen', 'compromised', 'temporary')",
            name="block_reason",
        ),
        sa.CheckConstraint("daily_limit_minor >= 0", name="limit_non_negative"),
        sa.CheckConstraint("length(last4) = 4", name="last4"),
        sa.UniqueConstraint("pan_hash"),
    )
    op.create_index("ix_cards_customer_id", "cards", ["customer_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("statement_balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("minimum_due_minor", sa.BigInteger(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("paid_minor", sa.BigInteger(), nullable=False),
        _ts("issued_at"),
        sa.CheckConstraint("statement_balance_minor >= 0", name="balance_non_negative"),
        sa.CheckConstraint("minimum_due_minor >= 0", name="minimum_non_negative"),
        sa.CheckConstraint("minimum_due_minor <= statement_balance_minor", name="minimum_le_balance"),
        sa.CheckConstraint("paid_minor >= 0", name="paid_non_negative"),
    )
    op.create_index("ix_statements_account_id", "statements", ["account_id"])
    op.create_table(
        "one_time_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("salt", sa.String(32), nullable=False),
        _ts("expires_at"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        _ts("verified_at", nullable=True),
        _ts("superseded_at", nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True),
        _ts("token_expires_at", nullable=True),
        _ts("token_used_at", nullable=True),
        _ts("created_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_one_time_codes_customer_id", "one_time_codes", ["customer_id"])
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        _ts("sla_due_at"),
        _ts("created_at"),
        sa.CheckConstraint("severity IN ('low', 'medium', 'high')", name="severity"),
        sa.CheckConstraint("status IN ('open', 'in_progress', 'resolved', 'closed')", name="status"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index("ix_tickets_customer_id", "tickets", ["customer_id"])
    op.create_index("ix_tickets_conversation_id", "tickets", ["conversation_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ts("at"),
        sa.Column("actor_customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor_customer_id", "audit_log", ["actor_customer_id"])

    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_BALANCE_FUNCTION)
        op.execute(PG_BALANCE_TRIGGER)
        op.execute(PG_APPEND_ONLY_FUNCTION)
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION bank_refuse_change()"
            )
    elif op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP TRIGGER IF EXISTS postings_entry_balanced ON postings")
    for table in (
        "audit_log",
        "tickets",
        "one_time_codes",
        "statements",
        "cards",
        "transfers",
        "payees",
        "postings",
        "journal_entries",
        "accounts",
        "customers",
    ):
        op.drop_table(table)
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bank_check_entry_balanced()")
        op.execute("DROP FUNCTION IF EXISTS bank_refuse_change()")
