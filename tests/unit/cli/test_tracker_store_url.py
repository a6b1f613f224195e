"""The gateway's console reads the same tracker store that Rasa writes, whatever endpoints file runs."""

from bankbot_cli.paths import ROOT
from bankbot_cli.services import tracker_store_url


def test_the_default_endpoints_point_the_console_at_rasas_sqlite_file():
    assert tracker_store_url("endpoints.yml") == f"sqlite:///{ROOT / 'var/rasa_tracker.db'}"


def test_a_postgres_tracker_store_becomes_a_psycopg_url(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n  port: 5432\n"
        "  db: tracker\n  username: bot\n  password: pw\n"
    )
    assert tracker_store_url(str(endpoints)) == "postgresql+psycopg://bot:pw@127.0.0.1:5432/tracker"


def test_a_non_sql_tracker_store_gives_no_url(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: redis\n")
    assert tracker_store_url(str(endpoints)) is None
