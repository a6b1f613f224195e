"""The one Alembic runner: every package's migrations run through `upgrade` / `downgrade` here,
and every package's `migrations/env.py` is `run_env(...)`.

For our Python 3.11 code only (Alembic, SQLAlchemy 2: see kernel/db.py). Each package keeps its
own migration history and version table, so the bank, the contact centre and the gateway live
in one database without either seeing the other's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData

from kernel.db import make_engine


def alembic_config(migrations: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _run(action: str, migrations: Path, url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(migrations, url)
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def upgrade(migrations: Path, url: str, revision: str = "head") -> None:
    """Run the migrations in the folder `migrations` up to `revision` on `url`, in one
    transaction (its env.py says which version table)."""
    _run("upgrade", migrations, url, revision)


def downgrade(migrations: Path, url: str, revision: str = "base") -> None:
    _run("downgrade", migrations, url, revision)


@dataclass(frozen=True)
class History:
    """One package's migrations (its folder), on its database by default."""

    migrations: Path
    default_url: Callable[[], str]

    def upgrade(self, url: str | None = None, revision: str = "head") -> None:
        """Up to `revision` (default head) on `url` (default: the package's database)."""
        upgrade(self.migrations, url or self.default_url(), revision)

    def downgrade(self, url: str | None = None, revision: str = "base") -> None:
        downgrade(self.migrations, url or self.default_url(), revision)


def only_tables_prefixed(prefix: str) -> Callable[..., bool]:
    """An autogenerate filter: propose nothing about tables outside the package's prefix (never
    drop the bank's or Rasa's tables from another package's history)."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table":
            return bool(name and name.startswith(prefix))
        return True

    return include


def run_env(
    target_metadata: MetaData,
    *,
    version_table: str = "alembic_version",
    include_object: Callable[..., bool] | None = None,
    default_url: str | None = None,
) -> None:
    """The body of a package's `migrations/env.py`: on the connection that `upgrade` passes in,
    else (the `alembic` command line) on the URL of its alembic.ini or `default_url`; offline
    writes SQL."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or default_url or ""
    options: dict[str, Any] = {"target_metadata": target_metadata, "version_table": version_table}
    if include_object is not None:
        options["include_object"] = include_object
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context.configure(connection=conn, **options)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
