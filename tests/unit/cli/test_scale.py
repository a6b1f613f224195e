"""`bankbot run --instances N`: refuses what N instances cannot share, and wires every Rasa to
the shared stores and every gateway to every Rasa."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bankbot_cli.paths import APP_VENV, ROOT
from bankbot_cli.scale import ScaleConfig, ScaleConfigError, build_scaled_services, endpoints

PG = "postgresql+psycopg://bank:s3cret@db.internal:5433/bank"


def config(**env: str) -> ScaleConfig:
    return ScaleConfig.from_env(2, 8000, env={"DATABASE_URL": PG, **env})


def test_bankbot_run_with_instances_on_sqlite_stops_at_once_and_says_why(tmp_path):
    bank = f"sqlite:///{tmp_path / 'bank.db'}"
    env = {**os.environ, "DATABASE_URL": bank, "BANKBOT_LOG_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(APP_VENV / "bin" / "bankbot"), "run", "--instances", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "needs the bank on PostgreSQL" in done.stderr and "DATABASE_URL" in done.stderr
    assert not (tmp_path / "bank.db").exists(), "nothing was created before the refusal"


def test_one_instance_is_not_a_scale_out():
    with pytest.raises(ScaleConfigError, match="2 or more"):
        ScaleConfig.from_env(1, 8000, env={"DATABASE_URL": PG})


def test_every_rasa_shares_the_tracker_store_lock_store_and_broker_but_calls_its_own_actions():
    cfg = config(
        REDIS_URL="redis://:pw@cache.internal:6380/3",
        BANKBOT_REDIS_PREFIX="bankA",
        RABBITMQ_URL="amqp://bot:pw@mq.internal:5673/",
        ACTIONS_PORT="6000",
    )
    first, second = endpoints(cfg, 0), endpoints(cfg, 1)
    assert first["action_endpoint"]["url"] == "http://127.0.0.1:6000/webhook"
    assert second["action_endpoint"]["url"] == "http://127.0.0.1:6001/webhook"
    for key in ("tracker_store", "lock_store", "event_broker"):
        assert first[key] == second[key]
    assert first["tracker_store"] == {
        "type": "bot.tracker_masking.MaskingSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 5433,
        "db": "bank",
        "username": "bank",
        "password": "s3cret",
    }
    lock = first["lock_store"]
    assert (lock["type"], lock["url"], lock["port"], lock["db"], lock["password"], lock["key_prefix"]) == (
        "redis",
        "cache.internal",
        6380,
        3,
        "pw",
        "bankA",
    )
    broker = first["event_broker"]
    assert (broker["type"], broker["url"], broker["port"], broker["queues"]) == (
        "pika",
        "mq.internal",
        5673,
        ["bankbot_events"],
    )


def test_without_a_broker_rasa_publishes_nothing_and_no_consumer_runs():
    cfg = config()
    assert "event_broker" not in endpoints(cfg, 0)
    assert [s.name for s in build_scaled_services(cfg, Path("m.tar.gz"))] == [
        "actions-0",
        "rasa-0",
        "gateway-0",
        "actions-1",
        "rasa-1",
        "gateway-1",
    ]


def test_every_gateway_balances_over_every_rasa_and_each_has_a_port_of_its_own():
    cfg = config(RASA_PORT="7000", INSTANCE_PORT="9100", RABBITMQ_URL="amqp://guest:guest@127.0.0.1:5672/")
    services = {s.name: s for s in build_scaled_services(cfg, Path("m.tar.gz"))}
    for i in (0, 1):
        gateway = services[f"gateway-{i}"]
        assert gateway.env["RASA_URLS"] == "http://127.0.0.1:7000,http://127.0.0.1:7001"
        assert gateway.env["BANKBOT_INSTANCE"] == f"gateway-{i}"
        assert gateway.port == 9100 + i and "--port" in gateway.argv and "8000" in gateway.argv
        assert services[f"rasa-{i}"].port == 7000 + i
        assert services[f"rasa-{i}"].env["TICKET_LOCK_LIFETIME"] == "15"
    assert services["events"].env["BANKBOT_EVENTS_QUEUE"] == "bankbot_events"
