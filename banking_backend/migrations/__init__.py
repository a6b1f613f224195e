"""Alembic migrations of the bank schema (the only way the schema is made)."""
