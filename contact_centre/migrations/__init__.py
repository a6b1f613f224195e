"""Alembic environment of the contact centre."""
