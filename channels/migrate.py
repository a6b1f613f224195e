"""Every schema of the deployment, brought to its latest migration in one place: `migrate_all`.

Run by `bankbot migrate` (and so by `bankbot seed` / `bankbot run`, before anything starts) and
once by the gateway's composition root when it is built, so a gateway started on its own (a
container, `uvicorn --factory`) never serves on an old schema. Nowhere else: every history at
head is then a no-op, and N gateways started together find nothing left to do (`bankbot run
--instances N` migrates before starting them, so they never race on one upgrade).

The gateway's own tables have their own history and version table (`channels_alembic_version`),
apart from the bank's and the contact centre's; kernel/migrations.py runs all three.
"""

from __future__ import annotations

from pathlib import Path

from banking_backend import migrate as bank_migrate
from contact_centre import migrate as centre_migrate
from kernel import migrations

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "channels_alembic_version"


def upgrade(url: str, revision: str = "head") -> None:
    """The gateway's own tables, on `url` (the channels database URL)."""
    migrations.upgrade(MIGRATIONS, url, revision)


def migrate_all(database_url: str, channels_database_url: str) -> None:
    """The bank's, the contact centre's (both on DATABASE_URL) and the gateway's tables."""
    bank_migrate.upgrade(database_url)
    centre_migrate.upgrade(database_url)
    upgrade(channels_database_url)
