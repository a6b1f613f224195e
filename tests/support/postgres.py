"""A PostgreSQL database of a test's own on the tests' server (tests/support/services.py:
127.0.0.1:5432, trust auth, unless BANKBOT_TEST_POSTGRES_URL says otherwise or a private server
stands in), created for it and dropped after it, whatever the test did."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest

from tests.support.services import database_url, postgres_url


@contextlib.contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """Yields the SQLAlchemy URL of a new, empty database named `<prefix>_<random>`."""
    import psycopg

    admin_url = postgres_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {admin_url} (BANKBOT_TEST_POSTGRES_URL): {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
