"""Issue 11, D1: Rasa calls the action server of its own stack, on the configured ACTIONS_PORT,
with the stack's actions token, however the stack starts (one instance, --instances N, a test's
or a bench's launch); the other sections of a given endpoints file are kept."""

from __future__ import annotations

from pathlib import Path

import yaml

from bankbot_cli import rasa_endpoints
from bankbot_cli.scale import ScaleConfig, endpoints
from bankbot_cli.services import StackConfig, build_services, write_rasa_endpoints

TOKEN = "an-actions-token-of-the-deployment-0123456789"


def rasa_argv_endpoints(services) -> Path:
    argv = next(s for s in services if s.name == "rasa").argv
    return Path(argv[argv.index("--endpoints") + 1])


def test_the_one_instance_rasa_calls_the_actions_on_the_configured_port(tmp_path):
    cfg = StackConfig(
        model=Path("model.tar.gz"),
        actions_port=6123,
        actions_token=TOKEN,
        endpoints="endpoints.yml",
        rasa_endpoints=tmp_path / "rasa-endpoints.yml",
    )
    write_rasa_endpoints(cfg)
    services = build_services(cfg)
    written = yaml.safe_load(rasa_argv_endpoints(services).read_text())
    assert written["action_endpoint"] == {
        "url": "http://127.0.0.1:6123/webhook",
        "headers": {"Authorization": f"Bearer {TOKEN}"},
    }
    assert written["tracker_store"]["db"] == "var/rasa_tracker.db"  # endpoints.yml's own, kept
    actions = next(s for s in services if s.name == "actions")
    assert actions.port == 6123 and actions.argv[-2:] == ["--port", "6123"]
    assert "actions.server" in actions.argv  # the server that checks the token
    assert (rasa_argv_endpoints(services).stat().st_mode & 0o777) == 0o600  # it holds the token


def test_a_given_file_keeps_its_stores_but_not_its_action_endpoint(tmp_path):
    given = tmp_path / "mine.yml"
    given.write_text(
        "action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n"
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  db: tracker\n"
        "lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: 6380\n"
    )
    built = rasa_endpoints.build("http://127.0.0.1:7001/webhook", TOKEN, rasa_endpoints.read_sections(given))
    assert built["action_endpoint"]["url"] == "http://127.0.0.1:7001/webhook"
    assert built["tracker_store"] == {"type": "SQL", "dialect": "postgresql", "db": "tracker"}
    assert built["lock_store"]["port"] == 6380


def test_the_action_endpoint_url_can_name_a_proxy_in_front_of_the_actions():
    cfg = StackConfig(model=None, actions_port=6123, action_endpoint_url="http://127.0.0.1:9000/webhook")
    assert rasa_endpoints.build(cfg.action_url, TOKEN)["action_endpoint"]["url"] == (
        "http://127.0.0.1:9000/webhook"
    )


def test_every_scaled_rasa_calls_its_own_actions_with_the_token():
    cfg = ScaleConfig.from_env(
        2,
        8000,
        env={
            "DATABASE_URL": "postgresql+psycopg://b:p@db:5432/bank",
            "ACTIONS_PORT": "6200",
            "BANKBOT_ACTIONS_TOKEN": TOKEN,
        },
    )
    for i in (0, 1):
        assert endpoints(cfg, i)["action_endpoint"] == {
            "url": f"http://127.0.0.1:{6200 + i}/webhook",
            "headers": {"Authorization": f"Bearer {TOKEN}"},
        }
    assert endpoints(cfg, 0)["tracker_store"]["type"] == rasa_endpoints.TRACKER_STORE_TYPE
