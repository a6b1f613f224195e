"""Alembic environment for the contact centre: its own version table, so that it lives beside
the bank's migrations in one database without either seeing the other's history."""

from __future__ import annotations

from alembic import context

from banking_backend.settings import database_url
from contact_centre.db import make_engine
from contact_centre.migrate import VERSION_TABLE
from contact_centre.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    # Autogenerate must never propose dropping the bank's (or Rasa's) tables.
    if type_ == "table":
        return bool(name and name.startswith("cc_"))
    return True


def _configure(**kwargs) -> None:  # noqa: ANN003
    context.configure(
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=_include_object,
        **kwargs,
    )


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url") or database_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    try:
        with engine.connect() as conn:
            _configure(connection=conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
