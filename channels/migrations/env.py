"""Alembic environment for the gateway's own tables (the runner is kernel/migrations.py)."""

from channels.migrate import VERSION_TABLE
from channels.store import metadata
from kernel.migrations import run_env

run_env(metadata, version_table=VERSION_TABLE)
