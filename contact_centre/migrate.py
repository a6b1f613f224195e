"""Make or update the contact centre's tables with its own Alembic history and version table,
on the same database as the bank (`DATABASE_URL`); kernel/migrations.py runs them."""

from __future__ import annotations

from pathlib import Path

from banking_backend.settings import database_url
from kernel.migrations import History

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "contact_centre_alembic_version"
HISTORY = History(MIGRATIONS, database_url)
upgrade, downgrade = HISTORY.upgrade, HISTORY.downgrade

if __name__ == "__main__":
    upgrade()
    print("contact centre schema at head")
