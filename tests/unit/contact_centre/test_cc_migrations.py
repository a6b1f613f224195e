"""The contact centre's migrations live beside the bank's: own version table, same database."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from banking_backend.migrate import upgrade as upgrade_bank
from contact_centre.db import make_engine
from contact_centre.migrate import VERSION_TABLE, downgrade, upgrade
from contact_centre.models import Base


def tables(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_upgrade_and_downgrade_touch_only_our_tables_and_version(tmp_path):
    path = tmp_path / "both.db"
    url = f"sqlite:///{path}"
    upgrade_bank(url)
    bank_tables = tables(path)
    upgrade(url)
    ours = tables(path) - bank_tables
    assert ours == {
        "cc_agents",
        "cc_handoffs",
        "cc_notes",
        "cc_turns",
        "cc_bot_events",
        "cc_sign_in_failures",
        "cc_console_sessions",
        VERSION_TABLE,
    }
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM contact_centre_alembic_version").fetchall() == [
            ("cc0005",)
        ]
        bank_version = db.execute("SELECT version_num FROM alembic_version").fetchall()
    upgrade(url)  # idempotent
    downgrade(url)
    assert tables(path) == bank_tables | {VERSION_TABLE}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == bank_version
    upgrade(url)
    assert "cc_handoffs" in tables(path)


def test_migrated_schema_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'centre.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_the_fraud_reason_migration_keeps_handoffs_notes_and_the_one_open_handoff_rule(tmp_path):
    path = tmp_path / "centre.db"
    url = f"sqlite:///{path}"
    upgrade(url, "cc0004")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO cc_agents (id, username, display_name, role, password_hash, active, created_at) "
            "VALUES (1, 'ann', 'Ann', 'agent', 'x', 1, '2026-01-01 00:00:00')"
        )
        db.execute(
            "INSERT INTO cc_handoffs (id, conversation_id, channel, reason, priority, state, created_at, "
            "sla_due_at) VALUES (1, 'c1', 'web', 'requested', 3, 'waiting', '2026-01-01 00:00:00', "
            "'2026-01-01 00:10:00')"
        )
        db.execute(
            "INSERT INTO cc_notes (handoff_id, agent_id, text, created_at) "
            "VALUES (1, 1, 'kept', '2026-01-01 00:01:00')"
        )
    upgrade(url)
    insert = (
        "INSERT INTO cc_handoffs (conversation_id, channel, reason, priority, state, created_at, sla_due_at) "
        "VALUES (?, 'web', 'fraud', 0, 'waiting', '2026-01-01 00:00:00', '2026-01-01 00:01:00')"
    )
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT text FROM cc_notes WHERE handoff_id = 1").fetchall() == [("kept",)]
        db.execute(insert, ("c2",))
        with pytest.raises(sqlite3.IntegrityError):  # still one open handoff per conversation
            db.execute(insert, ("c2",))
    downgrade(url, "cc0004")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT reason FROM cc_handoffs WHERE conversation_id = 'c2'").fetchall() == [
            ("complaint_high",)
        ]
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(insert, ("c3",))
