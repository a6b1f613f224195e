"""Gateway settings, read once from the environment, typed, failing fast on placeholder secrets."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from channels.rate_limits import RateLimitSettings
from kernel import deployment_secrets
from kernel.deployment_secrets import GATEWAY_SECRETS, RASA_TOKEN, SESSION_SECRET, WeakSecrets

DEMO_SESSION_SECRET = SESSION_SECRET.demo_value


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    from_number: str
    api_base: str | None  # None: Twilio's own https://api.twilio.com
    public_url: str | None  # the URL Twilio calls, as seen from outside the proxy
    segment_chars: int


@dataclass(frozen=True)
class TelegramSettings:
    bot_token: str
    webhook_secret: str
    api_base: str | None  # None: https://api.telegram.org/bot


@dataclass(frozen=True)
class Settings:
    rasa_url: str  # the first of rasa_urls, for callers that want one
    rasa_token: str
    session_secret: str
    session_max_age: int
    demo_mode: bool
    max_message_chars: int
    rasa_timeout: float
    channels_database_url: str = "sqlite:///var/channels.db"
    twilio: TwilioSettings | None = None
    telegram: TelegramSettings | None = None
    secure_cookies: bool = False
    # Every Rasa instance this gateway balances over (RASA_URLS, comma-separated; else RASA_URL).
    rasa_urls: tuple[str, ...] = ()
    # Redis for what N gateways must tell each other (agents' replies to a socket held by another
    # gateway, console changes); None in the embedded default, where one gateway is all there is.
    redis_url: str | None = None
    redis_prefix: str = "bankbot"
    # Names this gateway in the X-Bankbot-Gateway header (operators: which instance answered).
    instance_name: str = "gateway"
    # The largest request body any endpoint reads (channels/body_limit.py); larger: 413.
    max_body_bytes: int = 1024 * 1024
    # A bearer token Prometheus sends for /metrics; None: /metrics answers loopback callers only.
    metrics_token: str | None = None
    # Messages and anonymous handoffs per conversation, contact, client address (BANKBOT_RATE_*).
    rate_limits: RateLimitSettings = field(default_factory=RateLimitSettings)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        demo = deployment_secrets.demo_mode(env)
        try:  # production refuses weak secrets before anything is built (deployment_secrets)
            deployment_secrets.require_strong(GATEWAY_SECRETS, env)
        except WeakSecrets as weak:
            raise SettingsError(str(weak)) from None
        rasa_urls = rasa_urls_of(env)
        settings = cls(
            rasa_url=rasa_urls[0],
            rasa_urls=rasa_urls,
            redis_url=env.get("REDIS_URL") or None,
            redis_prefix=env.get("BANKBOT_REDIS_PREFIX", "bankbot"),
            instance_name=env.get("BANKBOT_INSTANCE", "gateway"),
            rate_limits=RateLimitSettings.from_env(env),
            max_body_bytes=int(env.get("BANKBOT_MAX_BODY_BYTES", str(1024 * 1024))),
            metrics_token=env.get("BANKBOT_METRICS_TOKEN") or None,
            rasa_token=deployment_secrets.value(RASA_TOKEN, env),
            session_secret=deployment_secrets.value(SESSION_SECRET, env),
            session_max_age=int(env.get("BANKBOT_SESSION_MAX_AGE", str(8 * 3600))),
            demo_mode=demo,
            max_message_chars=int(env.get("BANKBOT_MAX_MESSAGE_CHARS", "2000")),
            rasa_timeout=float(env.get("BANKBOT_RASA_TIMEOUT", "30")),
            channels_database_url=channels_database_url(env),
            twilio=_twilio(env),
            telegram=_telegram(env),
            secure_cookies=env.get("BANKBOT_SECURE_COOKIES", "0" if demo else "1") == "1",
        )
        if not demo:
            if settings.twilio is not None and settings.twilio.public_url is None:
                raise SettingsError(
                    "BANKBOT_DEMO=0 with Twilio enabled needs TWILIO_PUBLIC_URL "
                    "(the https URL Twilio calls), or signatures cannot be checked."
                )
        return settings


def rasa_urls_of(env: dict[str, str]) -> tuple[str, ...]:
    listed = [u.strip().rstrip("/") for u in env.get("RASA_URLS", "").split(",") if u.strip()]
    return tuple(listed) or (env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),)


def channels_database_url(env: dict[str, str]) -> str:
    """The gateway's own tables. Default: next to a SQLite bank, a file of its own; on a server
    database, the same database (the tables and the Alembic version table are prefixed)."""
    if env.get("CHANNELS_DATABASE_URL"):
        return env["CHANNELS_DATABASE_URL"]
    bank = env.get("DATABASE_URL", "sqlite:///var/bank.db")
    if bank.startswith("sqlite") and ":memory:" not in bank:
        stem, dot, suffix = bank.rpartition(".")
        return f"{stem}-channels.{suffix}" if dot and "/" not in suffix else f"{bank}-channels"
    return bank


def _twilio(env: dict[str, str]) -> TwilioSettings | None:
    needed = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
    if not all(env.get(name) for name in needed):
        return None
    public = env.get("TWILIO_PUBLIC_URL", "").rstrip("/") or None
    return TwilioSettings(
        account_sid=env["TWILIO_ACCOUNT_SID"],
        auth_token=env["TWILIO_AUTH_TOKEN"],
        from_number=env["TWILIO_FROM_NUMBER"],
        api_base=env.get("TWILIO_API_BASE", "").rstrip("/") or None,
        public_url=public,
        segment_chars=int(env.get("TWILIO_SEGMENT_CHARS", "1600")),
    )


def _telegram(env: dict[str, str]) -> TelegramSettings | None:
    if not (env.get("TELEGRAM_BOT_TOKEN") and env.get("TELEGRAM_WEBHOOK_SECRET")):
        return None
    return TelegramSettings(
        bot_token=env["TELEGRAM_BOT_TOKEN"],
        webhook_secret=env["TELEGRAM_WEBHOOK_SECRET"],
        api_base=env.get("TELEGRAM_API_BASE", "").rstrip("/") or None,
    )
