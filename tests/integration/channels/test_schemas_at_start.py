"""Migrations run in one place (channels/migrate.py `migrate_all`): `bankbot migrate` and the
gateway's start each bring every schema (the bank's, the contact centre's, the gateway's own) to
its latest migration, and a second run finds nothing to do."""

import os
import subprocess
import sys

from alembic.script import ScriptDirectory
from sqlalchemy import column, create_engine, inspect, select, table

from banking_backend import migrate as bank
from channels import migrate as gateway
from contact_centre import migrate as centre


def _head(migrations) -> str:
    return ScriptDirectory(str(migrations)).get_current_head()


VERSION_TABLES = {
    "alembic_version": _head(bank.MIGRATIONS),
    centre.VERSION_TABLE: _head(centre.MIGRATIONS),
    gateway.VERSION_TABLE: _head(gateway.MIGRATIONS),
}


def _versions(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            return {
                name: conn.execute(select(column("version_num")).select_from(table(name))).scalar_one()
                for name in VERSION_TABLES
                if name in names
            }
    finally:
        engine.dispose()


def test_a_gateway_built_on_an_empty_database_finds_every_schema_at_head(tmp_path, monkeypatch):
    from channels.app import create_app
    from channels.settings import Settings

    bank_url = f"sqlite:///{tmp_path / 'bank.db'}"
    monkeypatch.setenv("DATABASE_URL", bank_url)
    env = {"DATABASE_URL": bank_url, "CHANNELS_DATABASE_URL": bank_url}
    create_app(Settings.from_env(env))
    assert _versions(bank_url) == VERSION_TABLES
    create_app(Settings.from_env(env))  # a second gateway: nothing left to do
    assert _versions(bank_url) == VERSION_TABLES


def test_bankbot_migrate_brings_every_schema_to_head(tmp_path):
    bank_url = f"sqlite:///{tmp_path / 'bank.db'}"
    channels_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    env = {**os.environ, "DATABASE_URL": bank_url, "CHANNELS_DATABASE_URL": channels_url}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "bankbot_cli.main", "migrate"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    bank_tables, gateway_tables = _versions(bank_url), _versions(channels_url)
    assert bank_tables == {k: v for k, v in VERSION_TABLES.items() if k != gateway.VERSION_TABLE}
    assert gateway_tables == {gateway.VERSION_TABLE: VERSION_TABLES[gateway.VERSION_TABLE]}
