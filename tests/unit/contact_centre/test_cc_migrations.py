"""The contact centre's migrations live beside the bank's: own version table, same database."""

from __future__ import annotations

import sqlite3

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
            ("cc0004",)
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
