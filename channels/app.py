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

from banking_backend.settings import database_url
from channels.body_limit import LimitsBodies
from channels.composition import build_gateway
from channels.masking import configure_gateway_logging
from channels.metrics_access import guarded_metrics
from channels.migrate import migrate_all
from channels.security_headers import SecurityHeaders
from channels.settings import Settings
from contact_centre.metrics import metrics_app

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
    """The routes and the lifespan; what they serve is built by `channels.composition`."""
    configure_gateway_logging()
    settings = settings or Settings.from_env()
    # Every schema at head before anything reads it: the one place migrations run (channels/migrate.py).
    migrate_all(database_url(), settings.channels_database_url)
    gateway = build_gateway(settings)
    web, sms, telegram, store = gateway.web, gateway.sms, gateway.telegram, gateway.store
    channels = gateway.channels

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "channels": sorted(channels)})

    routes = [
        Route("/health", health),
        Route("/webhooks/rest/webhook", gateway.rest.webhook, methods=["POST"]),
        Route("/", web.home),
        Route("/signin", web.signin_page, methods=["GET"]),
        Route("/signin", web.signin, methods=["POST"]),
        Route("/signout", web.signout, methods=["POST"]),
        WebSocketRoute("/ws", web.socket),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/metrics", guarded_metrics(metrics_app(gateway.metrics), settings.metrics_token)),
        Mount("/console", gateway.console),
    ]
    if sms:
        routes.append(Route("/webhooks/twilio/sms", sms.webhook, methods=["POST"]))
    if telegram:
        routes.append(Route("/webhooks/telegram", telegram.webhook, methods=["POST"]))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette):
        # For callers on other threads (an agent console, tests) that deliver through an adapter.
        app.state.loop = asyncio.get_running_loop()
        await gateway.start()
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
            await gateway.close()

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
    app.state.tokens = gateway.tokens
    app.state.router = gateway.router
    app.state.channels = channels  # inbound, by name
    app.state.adapters = gateway.adapters  # outbound, by name
    app.state.store = store
    app.state.desk = gateway.desk
    app.state.relay = gateway.relay
    app.state.metrics = gateway.metrics
    return app
