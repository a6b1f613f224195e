"""The gateway's ASGI app: `uvicorn channels.app:create_app --factory`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from banking_backend.code_senders import choose_code_sender
from banking_backend.db import make_engine, make_session_factory
from banking_backend.settings import database_url
from banking_backend.unit_of_work import SqlUnitOfWork
from channels.body_limit import LimitsBodies
from channels.code_delivery import SmsCodeSender
from channels.handoff import ChannelDeliverer, RasaPauser
from channels.masking import configure_gateway_logging
from channels.metrics_access import guarded_metrics
from channels.migrate import migrate_all
from channels.rasa_client import RasaClient
from channels.rate_limits import RateLimiter
from channels.relay import GatewayRelay
from channels.rest import RestChannel
from channels.router import ConversationRouter
from channels.security_headers import SecurityHeaders
from channels.sessions import SessionTokens
from channels.settings import Settings
from channels.sms import SmsChannel
from channels.store import GatewayStore, StoredOutbox, StoredScripts
from channels.telegram import TelegramChannel
from channels.web import WebChannel
from contact_centre.bank import BankingBackendLookup
from contact_centre.console import ConsoleDeps, create_console_app
from contact_centre.console.settings import ConsoleSettings
from contact_centre.desk import HandoffDesk
from contact_centre.live import ChangeFeed
from contact_centre.metrics import ServiceMetrics, metrics_app
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.unit_of_work import CentreUnitOfWork

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"


class NamesTheGateway:
    """Adds `X-Bankbot-Gateway: <instance>` to every HTTP response: with N gateways behind one
    port, operators (and tests) see which one answered."""

    def __init__(self, app, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_named(message):
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("x-bankbot-gateway", self.name)
            await send(message)

        await self.app(scope, receive, send_named)


def create_app(settings: Settings | None = None) -> Starlette:
    configure_gateway_logging()
    settings = settings or Settings.from_env()
    rasa = RasaClient(settings.rasa_urls or settings.rasa_url, settings.rasa_timeout, settings.rasa_token)
    metrics = ServiceMetrics()
    # Every schema at head before anything reads it: the one place migrations run (channels/migrate.py).
    migrate_all(database_url(), settings.channels_database_url)
    # What must be one for N gateways lives in the gateway's tables (and Redis, below).
    store = GatewayStore(settings.channels_database_url)
    outbox = StoredOutbox(store)
    router = ConversationRouter(
        rasa,
        pauser=RasaPauser(rasa),
        outbox=outbox,
        metrics=metrics,
        scripts=StoredScripts(store),
        # Counted in Redis when N gateways share it, so a client cannot spread its flood over them.
        limiter=RateLimiter(settings.rate_limits, settings.redis_url, settings.redis_prefix),
    )
    tokens = SessionTokens(settings.session_secret, settings.session_max_age)
    bank_sessions = make_session_factory(make_engine())

    def bank() -> SqlUnitOfWork:
        return SqlUnitOfWork(bank_sessions)

    rest = RestChannel(router, tokens, settings.max_message_chars)
    web = WebChannel(
        router, tokens, store, bank, settings.max_message_chars, settings.demo_mode, settings.secure_cookies
    )
    sms = (
        SmsChannel(settings.twilio, router, store, bank, settings.max_message_chars)
        if settings.twilio
        else None
    )
    code_sender = choose_code_sender(SmsCodeSender(sms) if sms else None)
    telegram = (
        TelegramChannel(settings.telegram, router, store, bank, code_sender, settings.max_message_chars)
        if settings.telegram
        else None
    )
    web.instance_name = settings.instance_name
    web.resend_wait = settings.rasa_timeout + 5
    relay = GatewayRelay(settings.redis_url, settings.redis_prefix) if settings.redis_url else None
    changes = ChangeFeed()
    if relay is not None:
        web.relay, web.outbox, relay.on_web = relay, outbox, web.on_relayed
        changes.on_notify.append(relay.console_changed)
        relay.on_console_change = changes.wake
    adapters = {"web": web, "rest": rest}
    if sms:
        adapters["sms"] = sms
    if telegram:
        adapters["telegram"] = telegram

    # The human side: the handoff queue, its console and the service's figures.
    desk = HandoffDesk(
        CentreUnitOfWork.from_url(),
        deliverer=ChannelDeliverer(adapters, bank, router.outbox),
        resumer=router.pauser,
        bank=BankingBackendLookup(bank),
        metrics=metrics,
        changes=changes,
    )
    router.desk = desk
    console = create_console_app(
        ConsoleDeps(
            desk=desk,
            tracker=TrackerStoreReader.from_url(),
            settings=ConsoleSettings.from_env(),
            bank=desk.bank,
        )
    )

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "channels": sorted(adapters)})

    routes = [
        Route("/health", health),
        Route("/webhooks/rest/webhook", rest.webhook, methods=["POST"]),
        Route("/", web.home),
        Route("/signin", web.signin_page, methods=["GET"]),
        Route("/signin", web.signin, methods=["POST"]),
        Route("/signout", web.signout, methods=["POST"]),
        WebSocketRoute("/ws", web.socket),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/metrics", guarded_metrics(metrics_app(metrics), settings.metrics_token)),
        Mount("/console", console),
    ]
    if sms:
        routes.append(Route("/webhooks/twilio/sms", sms.webhook, methods=["POST"]))
    if telegram:
        routes.append(Route("/webhooks/telegram", telegram.webhook, methods=["POST"]))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette):
        # For callers on other threads (an agent console, tests) that deliver through an adapter.
        app.state.loop = asyncio.get_running_loop()
        if relay is not None:
            await relay.start()
        if sms:
            await sms.start()
        if telegram:
            await telegram.start()
        logger.info("channels: web and REST on")
        logger.info(
            "channels: SMS %s",
            "on (POST /webhooks/twilio/sms)"
            if sms
            else "disabled: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER "
            "(see README, Channels)",
        )
        logger.info(
            "channels: Telegram %s",
            "on (POST /webhooks/telegram)"
            if telegram
            else "disabled: set TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET (see README, Channels)",
        )
        try:
            yield
        finally:
            if telegram:
                await telegram.close()
            if sms:
                await sms.close()
            if relay is not None:
                await relay.close()
            await rasa.close()
            store.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(NamesTheGateway, name=settings.instance_name),
            Middleware(LimitsBodies, max_bytes=settings.max_body_bytes),
            Middleware(SecurityHeaders),
        ],
    )
    app.state.settings = settings
    app.state.tokens = tokens
    app.state.router = router
    app.state.adapters = adapters
    app.state.store = store
    app.state.desk = desk
    app.state.relay = relay
    app.state.metrics = metrics
    return app
