"""Make or update the bank's schema with its Alembic migrations (kernel/migrations.py runs them)."""

from __future__ import annotations

from pathlib import Path

from banking_backend.settings import database_url
from kernel.migrations import History

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HISTORY = History(MIGRATIONS, database_url)
upgrade, downgrade = HISTORY.upgrade, HISTORY.downgrade

if __name__ == "__main__":
    upgrade()
    print("bank schema at head")
