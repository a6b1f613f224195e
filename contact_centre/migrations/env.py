"""Alembic environment for the contact centre: its own version table, so that it lives beside
the bank's migrations in one database without either seeing the other's history; autogenerate
looks only at `cc_` tables (the runner is kernel/migrations.py)."""

from banking_backend.settings import database_url
from contact_centre.migrate import VERSION_TABLE
from contact_centre.models import Base
from kernel.migrations import only_tables_prefixed, run_env

run_env(
    Base.metadata,
    version_table=VERSION_TABLE,
    include_object=only_tables_prefixed("cc_"),
    default_url=database_url(),
)
