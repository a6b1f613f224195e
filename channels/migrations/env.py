"""Alembic environment for the gateway's own tables; runs on the connection `migrate` passes in."""

from __future__ import annotations

from alembic import context

from channels.migrate import VERSION_TABLE
from channels.store import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
