"""Each channel's `verify(request)`: Twilio's signature, Telegram's secret token, the web session."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from starlette.requests import Request
from starlette.websockets import WebSocket
from twilio.request_validator import RequestValidator

from channels import sms, telegram, web
from channels.sessions import SessionTokens

TOKEN = "twilio-auth-token"
PUBLIC = "https://bank.example.com"
PARAMS = {"MessageSid": "SM1", "From": "+14155550101", "To": "+15005550006", "Body": "balance"}


def _request(path: str, headers: dict[str, str], host: str = "10.0.0.5:8000", query: str = "") -> Request:
    return Request(
        {
            "type": "http",
            "method": "POST",
            "scheme": "http",
            "server": tuple(host.split(":")[:1]) + (int(host.split(":")[1]),),
            "path": path,
            "query_string": query.encode(),
            "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": host, **headers}.items()],
        }
    )


def _signed(params: dict[str, str], url: str) -> str:
    return RequestValidator(TOKEN).compute_signature(url, params)


def test_twilio_signature_is_checked_against_the_public_url_behind_a_proxy():
    signature = _signed(PARAMS, f"{PUBLIC}/webhooks/twilio/sms")
    request = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": signature})
    assert sms.verify(request, urlencode(PARAMS).encode(), TOKEN, PUBLIC) == PARAMS


def test_twilio_signature_covers_the_query_string():
    signature = _signed(PARAMS, f"{PUBLIC}/webhooks/twilio/sms?tenant=1")
    request = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": signature}, query="tenant=1")
    assert sms.verify(request, urlencode(PARAMS).encode(), TOKEN, PUBLIC) == PARAMS
    other = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": signature}, query="tenant=2")
    assert sms.verify(other, urlencode(PARAMS).encode(), TOKEN, PUBLIC) is None


def test_twilio_signature_for_the_internal_url_is_refused_when_a_public_url_is_set():
    signature = _signed(PARAMS, "http://10.0.0.5:8000/webhooks/twilio/sms")
    request = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": signature})
    assert sms.verify(request, urlencode(PARAMS).encode(), TOKEN, PUBLIC) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: {**p, "Body": "transfer 1000"},
        lambda p: {**p, "From": "+14155550102"},
        lambda p: {**p, "Extra": "x"},
    ],
)
def test_a_twilio_body_changed_after_signing_is_refused(tamper):
    signature = _signed(PARAMS, f"{PUBLIC}/webhooks/twilio/sms")
    request = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": signature})
    assert sms.verify(request, urlencode(tamper(PARAMS)).encode(), TOKEN, PUBLIC) is None


def test_an_unsigned_or_wrongly_keyed_twilio_request_is_refused():
    body = urlencode(PARAMS).encode()
    assert sms.verify(_request("/webhooks/twilio/sms", {}), body, TOKEN, PUBLIC) is None
    forged = RequestValidator("attacker").compute_signature(f"{PUBLIC}/webhooks/twilio/sms", PARAMS)
    request = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": forged})
    assert sms.verify(request, body, TOKEN, PUBLIC) is None
    request = _request("/webhooks/twilio/sms", {"X-Twilio-Signature": "x"})
    assert sms.verify(request, b"\xff\xfe", TOKEN, PUBLIC) is None


def test_telegram_secret_token_must_match_exactly():
    assert telegram.verify(
        _request("/webhooks/telegram", {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}), "s3cret"
    )
    assert not telegram.verify(
        _request("/webhooks/telegram", {"X-Telegram-Bot-Api-Secret-Token": "s3cre"}), "s3cret"
    )
    assert not telegram.verify(_request("/webhooks/telegram", {}), "s3cret")
    assert not telegram.verify(
        _request("/webhooks/telegram", {"X-Telegram-Bot-Api-Secret-Token": ""}), "s3cret"
    )


def _socket(headers: dict[str, str]) -> WebSocket:
    scope = {
        "type": "websocket",
        "path": "/ws",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }

    async def receive():  # pragma: no cover - never called
        return {}

    async def send(_):  # pragma: no cover
        return None

    return WebSocket(scope, receive, send)


def test_the_web_socket_knows_the_customer_from_the_session_cookie():
    tokens = SessionTokens("secret", 60)
    cookie = f"{web.COOKIE}={tokens.issue(7, 'alice')}"
    assert web.verify(_socket({"host": "bank.test", "cookie": cookie}), tokens) == 7


def test_the_web_socket_is_anonymous_without_or_with_a_forged_cookie():
    tokens = SessionTokens("secret", 60)
    assert web.verify(_socket({"host": "bank.test"}), tokens) is None
    forged = SessionTokens("attacker", 60).issue(7, "alice")
    assert web.verify(_socket({"host": "bank.test", "cookie": f"{web.COOKIE}={forged}"}), tokens) is None


def test_a_cross_site_web_socket_is_refused():
    tokens = SessionTokens("secret", 60)
    cookie = f"{web.COOKIE}={tokens.issue(7, 'alice')}"
    with pytest.raises(PermissionError):
        web.verify(_socket({"host": "bank.test", "origin": "https://evil.test", "cookie": cookie}), tokens)
    assert (
        web.verify(_socket({"host": "bank.test", "origin": "https://bank.test", "cookie": cookie}), tokens)
        == 7
    )
