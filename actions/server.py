"""The action server the stack runs: `python -m actions.server --port N` (rasa-sdk's own options).

rasa-sdk's server serves whoever reaches its port. Ours serves only Rasa: Rasa sends the shared
secret BANKBOT_ACTIONS_TOKEN as `Authorization: Bearer <token>` with every action call (the
`headers` of its action_endpoint, written by bankbot_cli/rasa_endpoints.py), and every request but
/health without it is refused. Otherwise anyone on the machine could replay a signed identity read
from the tracker store straight to action_transfer_submit. It also refuses to start in production
on weak secrets (kernel/deployment_secrets.py), or without a way to send one-time codes.
"""

from __future__ import annotations

import hmac
import logging
import os
import sys
from functools import partial

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser, create_ssl_config
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json
from sanic.worker.loader import AppLoader

from actions.form_runs import FormRunStamping
from kernel import deployment_secrets
from kernel.deployment_secrets import ACTION_SERVER_SECRETS, ACTIONS_TOKEN, WeakSecrets

logger = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})  # the supervisor's health check carries no secret


def authorization_header(token: str) -> dict[str, str]:
    """What Rasa must send with each action call (its action_endpoint's `headers`)."""
    return {"Authorization": f"Bearer {token}"}


def token_check(token: str):
    """Sanic request middleware: 401 without a bearer token, 403 with another than `token`.
    Compared in constant time, so the answer's timing tells nothing of the token."""
    expected = token.encode()

    async def check(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get("authorization", "")
        if not given:
            return json({"error": "The action server serves Rasa only: token missing."}, status=401)
        scheme, _, presented = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(presented.encode(), expected):
            logger.warning("action server: a call with a wrong token from %s refused", request.ip)
            return json({"error": "The action server serves Rasa only: wrong token."}, status=403)
        return None

    return check


def create_guarded_app(action_executor: ActionExecutor, token: str, **options) -> Sanic:
    """rasa-sdk's app with the token check in front of every route. Module-level: Sanic's loader
    pickles it to build the app in each worker process."""
    app = create_app_for_serve(action_executor, **options)
    app.register_middleware(token_check(token), "request")
    return app


def check_can_start() -> str:
    """The actions token, once the secrets and the code delivery pass production's rules;
    SystemExit with the reason otherwise."""
    from actions.code_delivery import CodeDeliveryNotConfigured, code_sender

    try:
        deployment_secrets.require_strong(ACTION_SERVER_SECRETS)
        code_sender()
    except (WeakSecrets, CodeDeliveryNotConfigured) as refused:
        print(f"action server: {refused}", file=sys.stderr)
        raise SystemExit(2) from None
    return deployment_secrets.value(ACTIONS_TOKEN)


def main(argv: list[str] | None = None) -> None:
    """rasa-sdk's `python -m rasa_sdk` (rasa_sdk/endpoint.py `run`), with our app factory."""
    args = create_argument_parser().parse_args(argv)
    token = check_can_start()
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    executor = FormRunStamping()  # buttons carry the form run they belong to
    executor.register_package(args.actions_module or args.actions or "actions")
    loader = AppLoader(
        factory=partial(
            create_guarded_app,
            executor,
            token,
            cors_origins=args.cors,
            auto_reload=args.auto_reload,
            endpoints=args.endpoints,
        )
    )
    app = loader.load()
    ssl = create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    logger.info("action server (Rasa's token required) on %s:%s", host, args.port)
    app.prepare(host=host, port=args.port, ssl=ssl, workers=utils.number_of_sanic_workers())
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
