"""Handoff reason "fraud" (money the customer did not authorise; top priority).

Revision ID: cc0005
Revises: cc0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cc0005"
down_revision = "cc0004"
branch_labels = None
depends_on = None

OLD = "'requested', 'misunderstood', 'complaint_high', 'auth_failed'"
NEW = f"{OLD}, 'fraud'"


def _reasons(before: str, after: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite cannot alter a CHECK, and copying the table (batch mode) breaks the foreign keys
        # of notes and turns. Only the check's text changes, nothing stored on disk: SQLite's
        # documented way is to edit the table's schema text (ALTER TABLE, "making other kinds of
        # table schema changes").
        version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql("PRAGMA writable_schema = ON")
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'cc_handoffs'",
            (f"reason IN ({before})", f"reason IN ({after})"),
        )
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")
        return
    # 0001 named it twice over (ck_cc_handoffs_ck_cc_handoffs_reason): found by what it checks.
    old = next(
        c["name"]
        for c in sa.inspect(bind).get_check_constraints("cc_handoffs")
        if "reason" in (c.get("sqltext") or "") and "IN" in (c.get("sqltext") or "").upper()
    )
    op.drop_constraint(op.f(old), "cc_handoffs", type_="check")
    op.create_check_constraint("reason", "cc_handoffs", f"reason IN ({after})")


def upgrade() -> None:
    _reasons(OLD, NEW)


def downgrade() -> None:
    # A fraud handoff becomes the nearest older reason: a high-severity complaint.
    op.execute("UPDATE cc_handoffs SET reason = 'complaint_high' WHERE reason = 'fraud'")
    _reasons(NEW, OLD)
