"""Engines for the contact centre's tables: on the bank's database (`DATABASE_URL`) unless told
otherwise, made the bank's way."""

from __future__ import annotations

from banking_backend.db import make_engine, make_session_factory

__all__ = ["make_engine", "make_session_factory"]
