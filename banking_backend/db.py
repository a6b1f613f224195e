"""Engines and sessions on the bank's database (`DATABASE_URL` unless told otherwise): SQLite
(WAL, foreign keys, busy timeout, BEGIN IMMEDIATE) or PostgreSQL via psycopg 3, as kernel/db.py
makes them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from banking_backend.settings import database_url
from kernel import db
from kernel.db import make_session_factory

__all__ = ["make_engine", "make_session_factory"]


def make_engine(url: str | None = None, **engine_kwargs: Any) -> Engine:
    """An engine for `url` (default: `settings.database_url()`)."""
    return db.make_engine(url or database_url(), **engine_kwargs)
