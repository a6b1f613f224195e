"""Real databases for the bank's integration tests: a fresh SQLite file, or a uniquely named
PostgreSQL database on 127.0.0.1:5432 created for the test and dropped after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import fresh_database


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def bank_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bank.db'}"
        return
    with fresh_database("bank_it") as url:
        yield url
