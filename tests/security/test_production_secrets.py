"""Issue 11, D9: with BANKBOT_DEMO=0 every secret must be a real one. A placeholder (the demo
value a clone of the repository runs with), a short one, or none at all is refused by name, with
how to make a good one, before any process serves anything: the gateway and the action server."""

from __future__ import annotations

import os
import secrets
import subprocess

import pytest

from bankbot_cli.paths import APP_VENV, ROOT
from channels.settings import Settings, SettingsError
from contact_centre.console.settings import ConsoleSettings, ConsoleSettingsError
from kernel import deployment_secrets as rules

GATEWAY_NAMES = (
    "BANKBOT_SESSION_SECRET",
    "BANKBOT_IDENTITY_SECRET",
    "RASA_TOKEN",
    "BANK_OTP_PEPPER",
    "BANK_CARD_PEPPER",
    "BANKBOT_CONSOLE_SECRET",
)
ACTION_SERVER_NAMES = (
    "BANKBOT_IDENTITY_SECRET",
    "BANKBOT_ACTIONS_TOKEN",
    "BANK_OTP_PEPPER",
    "BANK_CARD_PEPPER",
)
DEMO_VALUES = {
    "BANKBOT_SESSION_SECRET": "demo-session-secret-change-me",
    "BANKBOT_IDENTITY_SECRET": "demo-identity-secret-change-me",
    "RASA_TOKEN": "demo-rasa-token",
    "BANKBOT_ACTIONS_TOKEN": "demo-actions-token",
    "BANK_OTP_PEPPER": "demo-otp-pepper",
    "BANK_CARD_PEPPER": "demo-card-pepper",
    "BANKBOT_CONSOLE_SECRET": "demo-console-secret-change-me",
}


def good_production_env() -> dict[str, str]:
    return {"BANKBOT_DEMO": "0", **{name: secrets.token_urlsafe(32) for name in DEMO_VALUES}}


def test_good_secrets_start_the_gateway_and_the_console_in_production():
    env = good_production_env()
    settings = Settings.from_env(env)
    assert settings.demo_mode is False and settings.session_secret == env["BANKBOT_SESSION_SECRET"]
    assert ConsoleSettings.from_env(env).secret == env["BANKBOT_CONSOLE_SECRET"]
    rules.require_strong(rules.ACTION_SERVER_SECRETS, env)


@pytest.mark.parametrize("name", GATEWAY_NAMES)
@pytest.mark.parametrize("kind", ["demo value", "one character", "31 characters", "unset"])
def test_the_gateway_refuses_each_weak_secret_by_name(name, kind):
    env = good_production_env()
    bad = {"demo value": DEMO_VALUES[name], "one character": "x", "31 characters": "k" * 31}.get(kind)
    if bad is None:
        del env[name]
    else:
        env[name] = bad
    with pytest.raises((SettingsError, ConsoleSettingsError)) as refused:
        Settings.from_env(env)
    message = str(refused.value)
    assert name in message
    assert "secrets.token_urlsafe(32)" in message  # how to make one
    assert bad is None or bad not in message or len(bad) == 1  # never echo the secret itself


@pytest.mark.parametrize("name", ACTION_SERVER_NAMES)
def test_the_action_servers_secrets_are_refused_when_they_are_demo_values(name):
    env = {**good_production_env(), name: DEMO_VALUES[name]}
    with pytest.raises(rules.WeakSecrets, match=name):
        rules.require_strong(rules.ACTION_SERVER_SECRETS, env)


def test_a_long_secret_of_one_repeated_character_is_refused():
    env = {**good_production_env(), "BANKBOT_SESSION_SECRET": "a" * 64}
    with pytest.raises(SettingsError, match="BANKBOT_SESSION_SECRET"):
        Settings.from_env(env)


def test_every_weak_secret_is_named_at_once():
    env = {**good_production_env(), "RASA_TOKEN": "demo-rasa-token", "BANK_OTP_PEPPER": "short"}
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    assert "RASA_TOKEN" in str(refused.value) and "BANK_OTP_PEPPER" in str(refused.value)


def test_demo_mode_keeps_the_demo_values():
    assert Settings.from_env({"BANKBOT_DEMO": "1"}).session_secret == DEMO_VALUES["BANKBOT_SESSION_SECRET"]
    assert rules.value(rules.OTP_PEPPER, {}) == DEMO_VALUES["BANK_OTP_PEPPER"]


def test_the_action_server_with_the_demo_identity_secret_in_production_exits_with_the_reason(tmp_path):
    env = {
        **os.environ,
        **good_production_env(),
        "BANKBOT_IDENTITY_SECRET": DEMO_VALUES["BANKBOT_IDENTITY_SECRET"],
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bank.db'}",
    }
    done = subprocess.run(
        [str(APP_VENV / "bin" / "python"), "-m", "actions.server", "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "BANKBOT_IDENTITY_SECRET" in done.stderr
    assert "secrets.token_urlsafe(32)" in done.stderr


def test_bankbot_run_in_production_with_demo_secrets_stops_before_creating_anything(tmp_path):
    env = {
        **os.environ,
        "BANKBOT_DEMO": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bank.db'}",
        "BANKBOT_LOG_DIR": str(tmp_path / "logs"),
        "PYTHONPATH": str(ROOT),
    }
    for name in DEMO_VALUES:
        env.pop(name, None)
    done = subprocess.run(
        [str(APP_VENV / "bin" / "bankbot"), "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    for name in DEMO_VALUES:
        assert name in done.stderr
    assert not (tmp_path / "bank.db").exists()
