"""What the database itself enforces, on the real server: the schema from the migrations
matches the models, an unbalanced journal entry cannot commit (PostgreSQL's deferred trigger),
and the ledger cannot be edited."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from banking_backend.db import make_engine, make_session_factory
from banking_backend.migrate import upgrade
from banking_backend.models import Base
from banking_backend.seed import seed_demo_bank
from banking_backend.unit_of_work import SqlUnitOfWork


@pytest.fixture
def engine(bank_url):
    upgrade(bank_url)
    engine = make_engine(bank_url)
    seed_demo_bank(SqlUnitOfWork(make_session_factory(engine)))
    yield engine
    engine.dispose()


def test_schema_matches_models(engine):
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


# The commit-time trigger is PostgreSQL's; on SQLite the domain check and CHECK constraints guard.
@pytest.mark.parametrize("bank_url", ["postgres"], indirect=True)
def test_an_unbalanced_entry_cannot_be_committed(engine):
    with pytest.raises(DBAPIError, match="does not balance"):
        with engine.begin() as conn:
            entry = conn.execute(
                text(
                    "insert into journal_entries (posted_at, kind, description, channel) "
                    "values (now(), 'x', 'invented money', 'test') returning id"
                )
            ).scalar()
            account = conn.execute(text("select min(id) from accounts")).scalar()
            conn.execute(
                text(
                    "insert into postings (entry_id, account_id, currency, amount_minor) "
                    "select :e, id, currency, 100 from accounts where id = :a"
                ),
                {"e": entry, "a": account},
            )


@pytest.mark.parametrize("statement", ["delete from postings", "update audit_log set action='x'"])
def test_the_ledger_cannot_be_edited(engine, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(statement))
