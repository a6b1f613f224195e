"""Forged credentials against the real gateway over HTTP (a fake Rasa behind it records what got
through): bearer tokens and session cookies that the gateway did not sign, or signed too long
ago, and Twilio signatures made for another URL or another body. Each is refused and nothing
reaches the bot. (The unsigned / wrongly keyed webhooks are probed in the channels' own tests:
see README.md here.)"""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urlencode

import httpx
import pytest
import websockets
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from twilio.request_validator import RequestValidator

from channels import web
from channels.rest import SIGN_IN_HELP
from channels.sessions import _SALT, SessionTokens
from kernel.identity import conversation_id_for
from tests.integration.channels.helpers import ALICE_PHONE, TWILIO
from tests.security.conftest import PROBE_SESSION_SECRET

ALICE, BOB = 1, 2  # the demo bank's customer ids


class _TwoHoursAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 2 * 3600


def expired_token() -> str:
    """Signed with the gateway's own secret, two hours ago (the gateway keeps them one hour)."""
    serializer = URLSafeTimedSerializer(PROBE_SESSION_SECRET, salt=_SALT, signer=_TwoHoursAgo)
    return serializer.dumps({"cid": ALICE, "u": "alice"})


def token_moved_to_bob() -> str:
    """Alice's genuine token with its payload changed to Bob's id, her signature kept."""
    genuine = SessionTokens(PROBE_SESSION_SECRET, 3600).issue(ALICE, "alice")
    payload, _, signature = genuine.partition(".")
    bob = base64.urlsafe_b64encode(json.dumps({"cid": BOB, "u": "bob"}).encode()).decode().rstrip("=")
    assert bob != payload
    return f"{bob}.{signature}"


BEARERS = {
    "signed with another secret": lambda: SessionTokens("attacker-secret", 3600).issue(ALICE, "alice"),
    "expired": expired_token,
    "payload changed to another customer": token_moved_to_bob,
}


@pytest.mark.parametrize("forgery", BEARERS)
def test_a_rest_bearer_token_the_gateway_did_not_sign_or_that_expired_is_refused_before_the_bot(
    probe_gateway, forgery
):
    message = f"balance please ({forgery})"
    make_token = BEARERS[forgery]
    response = httpx.post(
        f"{probe_gateway.url}/webhooks/rest/webhook",
        json={"sender": "mallory", "message": message},
        headers={"Authorization": f"Bearer {make_token()}"},
    )
    assert response.status_code == 401
    assert response.json() == [{"text": SIGN_IN_HELP}]
    assert probe_gateway.asked(message) == 0


def test_the_gateways_own_fresh_token_is_accepted(probe_gateway):
    """The other side of the probes above: the same request with a genuine token gets through."""
    token = SessionTokens(PROBE_SESSION_SECRET, 3600).issue(ALICE, "alice")
    response = httpx.post(
        f"{probe_gateway.url}/webhooks/rest/webhook",
        json={"sender": "alice", "message": "genuine balance please"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert probe_gateway.rasa.received[-1]["sender"] == conversation_id_for(ALICE)


async def test_a_web_session_cookie_signed_with_another_secret_signs_nobody_in(probe_gateway):
    forged = SessionTokens("attacker-secret", 3600).issue(ALICE, "alice")
    page = httpx.get(probe_gateway.url, cookies={web.COOKIE: forged})
    assert page.status_code == 200
    assert "Hello, Alice" not in page.text and 'data-testid="signin-link"' in page.text
    ws_url = probe_gateway.url.replace("http", "ws") + "/ws?visitor=visitor-forged-cookie"
    async with websockets.connect(ws_url, additional_headers={"Cookie": f"{web.COOKIE}={forged}"}) as ws:
        hello = json.loads(await ws.recv())
        assert hello["signed_in"] is False and hello["name"] is None
        await ws.send(json.dumps({"type": "message", "id": "f-1", "text": "forged cookie balance"}))
        while json.loads(await ws.recv())["type"] != "answer":
            pass
    (asked,) = [r for r in probe_gateway.rasa.received if r["message"] == "forged cookie balance"]
    assert asked["sender"] == "anon-web-visitor-forged-cookie"
    assert "identity" not in asked["metadata"]


def _post_sms(gateway_url: str, params: dict[str, str], signature: str) -> httpx.Response:
    return httpx.post(
        f"{gateway_url}/webhooks/twilio/sms",
        content=urlencode(params),
        headers={"X-Twilio-Signature": signature, "content-type": "application/x-www-form-urlencoded"},
    )


PUBLIC_SMS_URL = f"{TWILIO['TWILIO_PUBLIC_URL']}/webhooks/twilio/sms"
SIGNED_ELSEWHERE = {
    "another site's URL": ("https://evil.example/webhooks/twilio/sms", {}),
    "the gateway's internal URL": ("<internal>", {}),
    "the public URL with another query": (f"{PUBLIC_SMS_URL}?tenant=2", {}),
    "another body": (PUBLIC_SMS_URL, {"Body": "transfer 1000 to Mallory"}),
}


@pytest.mark.parametrize("signed_for", SIGNED_ELSEWHERE)
def test_a_twilio_signature_made_for_another_url_or_body_is_refused_and_nothing_is_sent(
    probe_gateway, signed_for
):
    """Genuine Twilio signatures (made with the right auth token) for another request: a webhook
    captured elsewhere and replayed here, or a captured one with its body changed."""
    signed_url, signed_changes = SIGNED_ELSEWHERE[signed_for]
    sid = f"SMprobe{list(SIGNED_ELSEWHERE).index(signed_for)}"
    params = {"MessageSid": sid, "From": ALICE_PHONE, "To": TWILIO["TWILIO_FROM_NUMBER"], "Body": sid}
    url = f"{probe_gateway.url}/webhooks/twilio/sms" if signed_url == "<internal>" else signed_url
    signature = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"]).compute_signature(
        url, {**params, **signed_changes}
    )
    probe_gateway.twilio.clear()
    assert _post_sms(probe_gateway.url, params, signature).status_code == 403
    time.sleep(0.5)  # an accepted message is answered in the background within this
    assert probe_gateway.asked(sid) == 0
    assert probe_gateway.twilio.to(ALICE_PHONE) == []
