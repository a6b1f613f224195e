"""Make or update the schema by running the package's Alembic migrations, from any cwd."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from banking_backend.db import make_engine
from banking_backend.settings import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Run the migrations up to `revision` (default head) on `url` (default DATABASE_URL)."""
    url = url or database_url()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def downgrade(url: str | None = None, revision: str = "base") -> None:
    url = url or database_url()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()


if __name__ == "__main__":
    upgrade()
    print(f"bank schema at head on {make_engine().url.render_as_string(hide_password=True)}")
