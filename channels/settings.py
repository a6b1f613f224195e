"""Gateway settings, read once from the environment, typed, failing fast on placeholder secrets."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEMO_SESSION_SECRET = "demo-session-secret-change-me"


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    rasa_url: str
    rasa_token: str
    session_secret: str
    session_max_age: int
    demo_mode: bool
    max_message_chars: int
    rasa_timeout: float

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        demo = env.get("BANKBOT_DEMO", "1").lower() in ("1", "true", "yes")
        settings = cls(
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            rasa_token=env.get("RASA_TOKEN", "demo-rasa-token"),
            session_secret=env.get("BANKBOT_SESSION_SECRET", DEMO_SESSION_SECRET),
            session_max_age=int(env.get("BANKBOT_SESSION_MAX_AGE", str(8 * 3600))),
            demo_mode=demo,
            max_message_chars=int(env.get("BANKBOT_MAX_MESSAGE_CHARS", "2000")),
            rasa_timeout=float(env.get("BANKBOT_RASA_TIMEOUT", "30")),
        )
        if not demo:
            placeholders = {
                "BANKBOT_SESSION_SECRET": settings.session_secret == DEMO_SESSION_SECRET,
                "RASA_TOKEN": settings.rasa_token == "demo-rasa-token",
                "BANKBOT_IDENTITY_SECRET": env.get("BANKBOT_IDENTITY_SECRET") in (None, ""),
            }
            missing = [name for name, bad in placeholders.items() if bad]
            if missing:
                raise SettingsError(
                    "BANKBOT_DEMO=0 but these secrets are unset or placeholders: "
                    + ", ".join(missing)
                )
        return settings
