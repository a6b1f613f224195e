"""The schema is made by the Alembic migrations only, matches the models, and the database
itself refuses what must never happen (unbalanced accounts, edits to the ledger)."""

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from banking_backend import settings
from banking_backend.db import make_engine
from banking_backend.migrate import upgrade
from banking_backend.models import Base


def test_migrated_schema_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_works_from_any_directory_and_twice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    upgrade(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(f"sqlite:///{tmp_path / 'x.db'}")
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert (
            conn.execute(text("select version_num from alembic_version")).scalar() == "0003"
        )  # the newest migration
    engine.dispose()


def test_default_database_is_a_sqlite_file_under_var(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert settings.database_url() == "sqlite:///var/bank.db"
    assert (tmp_path / "var").is_dir()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert settings.database_url() == "postgresql+psycopg://u@h/db"


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1
        assert conn.execute(text("pragma busy_timeout")).scalar() >= 1000
    engine.dispose()


def test_the_ledger_and_audit_log_are_append_only(uow):
    with uow:
        for table in ("postings", "journal_entries", "audit_log"):
            with pytest.raises(IntegrityError, match="append-only"):
                with uow.session.begin_nested():
                    uow.session.execute(text(f"delete from {table}"))  # noqa: S608
        with pytest.raises(IntegrityError, match="append-only"):
            uow.session.execute(text("update postings set amount_minor = amount_minor + 1"))


def test_the_database_refuses_a_balance_beyond_the_overdraft(uow, demo):
    with uow:
        with pytest.raises(IntegrityError):
            uow.session.execute(
                text("update accounts set balance_minor = -1 where id = :id"),
                {"id": demo.account("bob", "checking")},
            )
            uow.session.flush()


def test_a_posting_must_be_in_its_accounts_currency(uow, demo):
    with uow:
        entry = uow.session.execute(
            text(
                "insert into journal_entries (posted_at, kind, description, channel) "
                "values ('2026-01-01 00:00:00', 'x', 'x', 'test') returning id"
            )
        ).scalar()
        with pytest.raises(IntegrityError):
            uow.session.execute(
                text(
                    "insert into postings (entry_id, account_id, currency, amount_minor) "
                    "values (:e, :a, 'CNY', 100)"
                ),
                {"e": entry, "a": demo.account("alice", "checking")},
            )


def test_the_package_knows_where_its_migrations_are():
    from banking_backend.migrate import MIGRATIONS

    assert Path(MIGRATIONS, "env.py").is_file()
    assert os.path.isabs(MIGRATIONS)
