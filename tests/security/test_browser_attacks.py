"""What another site, or a customer's own words, could make a browser do, probed against the real
gateway over HTTP and its WebSocket (a fake Rasa behind it): script in a customer's message, shown
to an agent in the console and to the customer in the widget; a WebSocket opened from a foreign
origin; a sign-out posted from another site."""

from __future__ import annotations

import json
import re

import httpx
import pytest
import websockets

from channels import web
from channels.sessions import SessionTokens
from tests.security.conftest import PROBE_AGENT, PROBE_SESSION_SECRET

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
ATTACK = f"hi {SCRIPT} and {IMAGE}"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=")


async def chat(gateway_url: str, visitor: str, *texts: str) -> list[dict]:
    """Each text as the widget sends it; the answers' messages, in order."""
    answers: list[dict] = []
    async with websockets.connect(f"{gateway_url.replace('http', 'ws')}/ws?visitor={visitor}") as ws:
        await ws.recv()  # hello
        for n, text in enumerate(texts):
            await ws.send(json.dumps({"type": "message", "id": f"{visitor}-{n}", "text": text}))
            while (frame := json.loads(await ws.recv()))["type"] != "answer":
                pass
            answers += frame["messages"]
    return answers


def console_session(gateway_url: str) -> httpx.Client:
    client = httpx.Client(base_url=gateway_url, follow_redirects=False)
    page = client.get("/console/login").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/console/login", data={"username": PROBE_AGENT[0], "password": PROBE_AGENT[1], "csrf_token": csrf}
    )
    assert signed_in.status_code == 303, signed_in.text
    return client


async def test_script_in_a_customers_message_is_shown_as_text_in_the_console(probe_gateway):
    visitor = "visitor-xss-console"
    # The fake bot hands "human" over; the customer's next words go to the agents' queue.
    await chat(probe_gateway.url, visitor, "human", ATTACK)
    console = console_session(probe_gateway.url)
    try:
        rows = console.get("/console/queue.json").json()["queue"]
        (handoff,) = [r for r in rows if r["conversation_id"] == f"anon-web-{visitor}"]
        queue_page = console.get("/console/queue").text
        transcript = console.get(f"/console/conversations/{handoff['id']}").text
    finally:
        console.close()
    for page in (queue_page, transcript):
        assert SCRIPT not in page and "<img" not in page
    assert all(escaped in transcript for escaped in ESCAPED)


async def test_script_in_the_bots_answer_reaches_the_widget_as_text_and_the_widget_shows_it_as_text(
    probe_gateway,
):
    """The fake bot echoes the message, as a real answer may echo a payee's name. The socket
    carries the words unchanged (escaping them there would show '&lt;' to the customer); the
    widget puts every text into the page with textContent and has no HTML sink at all."""
    (echo,) = await chat(probe_gateway.url, "visitor-xss-widget", ATTACK)
    assert echo["text"] == f"you said {ATTACK}"
    widget = httpx.get(f"{probe_gateway.url}/static/widget.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in widget, sink
    assert "e.textContent = text" in widget  # el(tag, cls, text): how every bubble and chip is made
    assert 'addBubble("bc-bot", m.text)' in widget and 'el("button", "bc-chip", b.title)' in widget


FOREIGN_ORIGINS = {
    "another site": "https://evil.example",
    "a sandboxed frame (null)": "null",
    "the gateway's host as a subdomain of another site": "http://{host}.evil.example",
    "the gateway's host on another port": "http://{hostname}:1",
    "the gateway's host as a path on another site": "https://evil.example/{host}",
}


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
async def test_a_widget_socket_from_a_foreign_origin_is_refused_even_with_the_customers_cookie(
    probe_gateway, origin
):
    host = probe_gateway.url.split("//")[1]
    cookie = SessionTokens(PROBE_SESSION_SECRET, 3600).issue(1, "alice")
    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        async with websockets.connect(
            probe_gateway.url.replace("http", "ws") + "/ws",
            origin=FOREIGN_ORIGINS[origin].format(host=host, hostname=host.split(":")[0]),
            additional_headers={"Cookie": f"{web.COOKIE}={cookie}"},
        ) as ws:
            await ws.recv()
    assert refused.value.response.status_code == 403


def test_a_sign_out_posted_from_another_site_does_not_end_the_session(probe_gateway):
    cookie = SessionTokens(PROBE_SESSION_SECRET, 3600).issue(1, "alice")
    response = httpx.post(
        f"{probe_gateway.url}/signout",
        cookies={web.COOKIE: cookie},
        headers={"Origin": "https://evil.example", "Referer": "https://evil.example/page"},
    )
    assert response.status_code == 403
    assert web.COOKIE not in response.headers.get("set-cookie", "")


def test_the_sign_out_button_of_the_customers_own_page_ends_the_session(probe_gateway):
    cookie = SessionTokens(PROBE_SESSION_SECRET, 3600).issue(1, "alice")
    page = httpx.get(f"{probe_gateway.url}/", cookies={web.COOKIE: cookie}).text
    form_token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    response = httpx.post(
        f"{probe_gateway.url}/signout", cookies={web.COOKIE: cookie}, data={"csrf": form_token}
    )
    assert response.status_code == 303
    assert f'{web.COOKIE}=""' in response.headers["set-cookie"]
    # The token of one session does not sign out another.
    other = SessionTokens(PROBE_SESSION_SECRET, 3600).issue(2, "bob")
    refused = httpx.post(
        f"{probe_gateway.url}/signout", cookies={web.COOKIE: other}, data={"csrf": form_token}
    )
    assert refused.status_code == 403
