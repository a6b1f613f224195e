"""The deployment's secrets and the one rule they must pass outside demo mode.

Every process that holds a secret (the gateway, the console, the action server) checks the ones
it uses here at start, so a production stack never runs on a value published in this repository
or on one short enough to guess. In demo mode (BANKBOT_DEMO=1, the default) an unset secret falls
back to its demo value, so a fresh clone runs as it is. It lives in the kernel because every
process uses it and it imports nothing else of ours.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_CHARS = 32
# A long run of one or two characters is as guessable as a short secret.
MIN_DISTINCT_CHARS = 8
HOW_TO_MAKE_ONE = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
# Words that mark a value as a placeholder someone meant to replace.
PLACEHOLDER_MARKS = ("change-me", "changeme", "change_me", "placeholder", "replace-me")


@dataclass(frozen=True)
class Secret:
    name: str  # the environment variable
    demo_value: str
    what: str  # what it protects, for the operator reading the refusal


SESSION_SECRET = Secret(
    "BANKBOT_SESSION_SECRET", "demo-session-secret-change-me", "signs customers' sessions"
)
IDENTITY_SECRET = Secret(
    "BANKBOT_IDENTITY_SECRET", "demo-identity-secret-change-me", "signs who the customer is for the actions"
)
RASA_TOKEN = Secret("RASA_TOKEN", "demo-rasa-token", "the gateway's key to Rasa's HTTP API")
ACTIONS_TOKEN = Secret("BANKBOT_ACTIONS_TOKEN", "demo-actions-token", "Rasa's key to the action server")
OTP_PEPPER = Secret("BANK_OTP_PEPPER", "demo-otp-pepper", "keys the hashes of one-time codes")
CARD_PEPPER = Secret("BANK_CARD_PEPPER", "demo-card-pepper", "keys the hashes of card numbers")
CONSOLE_SECRET = Secret("BANKBOT_CONSOLE_SECRET", "demo-console-secret-change-me", "signs console sessions")

ALL_SECRETS = (
    SESSION_SECRET,
    IDENTITY_SECRET,
    RASA_TOKEN,
    ACTIONS_TOKEN,
    OTP_PEPPER,
    CARD_PEPPER,
    CONSOLE_SECRET,
)
# The gateway also issues and checks one-time codes (Telegram linking) and reads cards.
GATEWAY_SECRETS = (SESSION_SECRET, IDENTITY_SECRET, RASA_TOKEN, OTP_PEPPER, CARD_PEPPER, CONSOLE_SECRET)
ACTION_SERVER_SECRETS = (IDENTITY_SECRET, ACTIONS_TOKEN, OTP_PEPPER, CARD_PEPPER)
_DEMO_VALUES = frozenset(s.demo_value for s in ALL_SECRETS)


class WeakSecrets(RuntimeError):
    """Production mode with secrets that are unset, placeholders or too weak; says which."""


def demo_mode(env: Mapping[str, str] | None = None) -> bool:
    """BANKBOT_DEMO: "1" (the default), "true" or "yes" is the demo; anything else is production,
    so a typo errs on the safe side."""
    env = os.environ if env is None else env
    return env.get("BANKBOT_DEMO", "1").strip().lower() in ("1", "true", "yes")


def value(secret: Secret, env: Mapping[str, str] | None = None) -> str:
    """The secret's value: the environment's, else the demo value (which production refuses at
    start through `require_strong`)."""
    env = os.environ if env is None else env
    return env.get(secret.name, "").strip() or secret.demo_value


def weakness(given: str) -> str | None:
    """Why a value is no production secret, or None when it is fit."""
    if not given:
        return "unset"
    if given in _DEMO_VALUES or any(mark in given.lower() for mark in PLACEHOLDER_MARKS):
        return "a published demo value or a placeholder"
    if len(given) < MIN_CHARS:
        return f"{len(given)} characters, {MIN_CHARS} or more needed"
    if len(set(given)) < MIN_DISTINCT_CHARS:
        return "too few different characters"
    return None


def require_strong(secrets: Iterable[Secret], env: Mapping[str, str] | None = None) -> None:
    """Outside demo mode, raise WeakSecrets naming every secret that is unset, a placeholder or
    weak, with how to make one. Never echoes a value."""
    env = os.environ if env is None else env
    if demo_mode(env):
        return
    problems = [
        f"  {s.name} ({s.what}): {why}"
        for s in secrets
        if (why := weakness(env.get(s.name, "").strip())) is not None
    ]
    if problems:
        raise WeakSecrets(
            "BANKBOT_DEMO=0 (production) refuses these secrets:\n"
            + "\n".join(problems)
            + f"\nSet each to a random value of {MIN_CHARS} or more characters, e.g. the output of\n  "
            + HOW_TO_MAKE_ONE
            + "\n(each its own value; the same value on every instance of the stack)."
        )
