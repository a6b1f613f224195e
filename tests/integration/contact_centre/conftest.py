"""Fixtures for the console's HTTP tests."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from contact_centre import agents


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, with test-sized cost: the production parameters cost ~1 s here each."""
    monkeypatch.setattr(agents, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
