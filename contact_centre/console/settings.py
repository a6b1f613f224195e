"""The console's settings, read once from the environment, failing fast on a placeholder secret
outside demo mode."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kernel import deployment_secrets
from kernel.deployment_secrets import CONSOLE_SECRET, WeakSecrets

DEMO_CONSOLE_SECRET = CONSOLE_SECRET.demo_value


class ConsoleSettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class ConsoleSettings:
    secret: str
    secure_cookies: bool = False  # True behind HTTPS: the cookie is then never sent in clear
    session_max_age: int = 8 * 3600  # seconds from sign-in, whatever the activity
    session_idle: int = 30 * 60  # seconds without a request that end a session
    poll_seconds: float = 5.0  # how often a live page re-reads without being told of a change

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ConsoleSettings:
        env = dict(os.environ if env is None else env)
        demo = deployment_secrets.demo_mode(env)
        try:
            deployment_secrets.require_strong([CONSOLE_SECRET], env)
        except WeakSecrets as weak:
            raise ConsoleSettingsError(str(weak)) from None
        secret = deployment_secrets.value(CONSOLE_SECRET, env)
        return cls(
            secret=secret,
            secure_cookies=env.get("BANKBOT_CONSOLE_SECURE_COOKIES", "0" if demo else "1")
            in ("1", "true", "yes"),
            session_max_age=int(env.get("BANKBOT_CONSOLE_SESSION_MAX_AGE", str(8 * 3600))),
            session_idle=int(env.get("BANKBOT_CONSOLE_SESSION_IDLE", str(30 * 60))),
        )
