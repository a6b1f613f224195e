"""Alembic environment for the bank (the runner is kernel/migrations.py)."""

from banking_backend.models import Base
from banking_backend.settings import database_url
from kernel.migrations import run_env

run_env(Base.metadata, default_url=database_url())
