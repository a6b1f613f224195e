"""The gateway's ASGI app: `uvicorn channels.app:create_app --factory`."""

from __future__ import annotations

import contextlib
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from channels.rasa_client import RasaClient
from channels.rest import RestChannel
from channels.router import ConversationRouter
from channels.sessions import SessionTokens
from channels.settings import Settings

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout)
    router = ConversationRouter(rasa)
    tokens = SessionTokens(settings.session_secret, settings.session_max_age)
    rest = RestChannel(router, tokens, settings.max_message_chars)

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette):
        yield
        await rasa.close()

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/webhooks/rest/webhook", rest.webhook, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.tokens = tokens
    app.state.router = router
    return app
