"""Make or update the contact centre's tables with its own Alembic environment and version
table, on the same database as the bank (`DATABASE_URL`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from banking_backend.settings import database_url
from contact_centre.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "contact_centre_alembic_version"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def _run(url: str | None, action: str, revision: str) -> None:
    url = url or database_url()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Run the contact centre's migrations up to `revision` on `url` (default DATABASE_URL)."""
    _run(url, "upgrade", revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    _run(url, "downgrade", revision)


if __name__ == "__main__":
    upgrade()
    print("contact centre schema at head")
