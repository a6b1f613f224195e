"""The console over HTTP (Starlette's TestClient, the app mounted at /console as the gateway
mounts it): sign-in, roles, CSRF and forged sessions refused; the agent's actions do their work."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from datetime import UTC, datetime

import pytest
from itsdangerous import TimestampSigner
from starlette.testclient import TestClient

from contact_centre import queue
from kernel.identity import conversation_id_for
from tests.integration.contact_centre.console_stack import AGENT, SUPERVISOR, build_console_stack


@pytest.fixture
def stack(tmp_path):
    return build_console_stack(tmp_path)


@pytest.fixture
def client(stack):
    with TestClient(stack.app, base_url="http://testserver", follow_redirects=False) as c:
        yield c


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def sign_in(client: TestClient, who: tuple[str, str]) -> str:
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": who[0], "password": who[1], "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/console/queue").text)


def enqueue(stack, reason="requested", channel="web") -> int:
    """As the gateway would: the bot hands off, then the customer writes again while waiting."""
    conversation = conversation_id_for(stack.customer_id)
    asyncio.run(stack.desk.on_bot_handoff(conversation, stack.customer_id, channel, reason))
    answers = asyncio.run(
        stack.desk.route_customer_message(conversation, stack.customer_id, channel, "hello?")
    )
    assert answers == [
        {"text": "You're number 1 in the queue for a person. Please stay here: we'll answer on this channel."}
    ]
    return _open_id(stack, conversation)


def _open_id(stack, conversation: str) -> int:
    return queue.open_handoff_for(stack.desk.uow, conversation).id


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/console/queue", 303),
        ("GET", "/console/dashboard", 303),
        ("GET", "/console/conversations/1", 303),
        ("GET", "/console/queue.json", 401),
        ("GET", "/console/events", 401),
        ("GET", "/console/dashboard.csv", 401),
        ("POST", "/console/conversations/1/claim", 401),
        ("POST", "/console/conversations/1/reply", 401),
    ],
)
def test_nothing_without_sign_in(client, stack, method, path, status):
    enqueue(stack)
    response = client.request(method, path)
    assert response.status_code == status
    if status == 303:
        assert response.headers["location"] == "/console/login"
    assert stack.deliverer.sent == []


def test_wrong_password_is_refused_without_saying_which_part(client):
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": "sue", "password": "nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert client.get("/console/queue").status_code == 303


def test_sign_in_without_the_forms_token_is_refused(client):
    client.get("/console/login")
    response = client.post("/console/login", data={"username": SUPERVISOR[0], "password": SUPERVISOR[1]})
    assert response.status_code == 403
    assert client.get("/console/queue").status_code == 303


def test_session_cookie_is_httponly_and_samesite_strict(client):
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": AGENT[0], "password": AGENT[1], "csrf_token": token}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_an_agent_may_not_see_the_figures_nor_reassign(client, stack):
    handoff_id = enqueue(stack)
    csrf = sign_in(client, AGENT)
    assert client.get("/console/dashboard").status_code == 403
    assert client.get("/console/dashboard.csv").status_code == 403
    response = client.post(
        f"/console/conversations/{handoff_id}/reassign",
        data={"agent_id": str(stack.agent_id), "csrf_token": csrf},
    )
    assert response.status_code == 403
    queue_rows = client.get("/console/queue.json").json()["queue"]
    assert [r["state"] for r in queue_rows] == ["waiting"]


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        (None, {}),
        ("forged-token-forged-token-forged-token", {}),
        ("<real>", {"origin": "https://evil.example"}),
    ],
    ids=["missing token", "wrong token", "other origin"],
)
def test_forged_requests_are_refused_and_change_nothing(client, stack, token, headers):
    handoff_id = enqueue(stack)
    csrf = sign_in(client, SUPERVISOR)
    data = {} if token is None else {"csrf_token": csrf if token == "<real>" else token}
    for action in ("claim", "resolve", "return"):
        response = client.post(f"/console/conversations/{handoff_id}/{action}", data=data, headers=headers)
        assert response.status_code == 403, action
    assert client.get("/console/queue.json").json()["queue"][0]["state"] == "waiting"
    assert stack.resumer.resumed == []


def test_a_session_cookie_signed_with_another_secret_is_not_a_session(client, stack):
    handoff_id = enqueue(stack)
    payload = base64.b64encode(json.dumps({"agent_id": stack.supervisor_id, "csrf": "x" * 43}).encode())
    forged = TimestampSigner("not-our-secret").sign(payload).decode()
    client.cookies.set("bankbot_console", forged)
    assert client.get("/console/queue").status_code == 303
    response = client.post(f"/console/conversations/{handoff_id}/claim", data={"csrf_token": "x" * 43})
    assert response.status_code == 401


def test_supervisor_works_a_conversation_end_to_end_over_http(client, stack):
    conversation = conversation_id_for(stack.customer_id)
    t = stack.tracker
    now = datetime.now(UTC)
    t.session_started(conversation, now)
    t.user(conversation, now, "my card 4111 1111 1113 1234 is blocked", "card_declined", "web")
    t.bot(conversation, now, "Sorry to hear that. Let me get a person.")
    handoff_id = enqueue(stack, reason="complaint_high")
    csrf = sign_in(client, SUPERVISOR)

    rows = client.get("/console/queue.json").json()["queue"]
    assert [(r["id"], r["reason"], r["priority"], r["state"]) for r in rows] == [
        (handoff_id, "complaint_high", 1, "waiting")
    ]
    page = client.get(f"/console/conversations/{handoff_id}").text
    assert "Dana Scully" in page and "CMP-" in page and "Card swallowed by ATM" in page
    assert "0177" in page and "4155550177" not in page  # the phone, masked
    assert "••••1234" in page and "4111" not in page  # the card number in the transcript, masked
    assert "Sorry to hear that" in page and "hello?" in page

    assert (
        client.post(f"/console/conversations/{handoff_id}/claim", data={"csrf_token": csrf}).status_code
        == 303
    )
    reply = client.post(
        f"/console/conversations/{handoff_id}/reply",
        data={"csrf_token": csrf, "text": "Hi Dana, I'm Sue. I can help."},
    )
    assert reply.status_code == 303
    assert [(d.conversation_id, d.channel, d.text) for d in stack.deliverer.sent] == [
        (conversation, "web", "Hi Dana, I'm Sue. I can help.")
    ]
    note = client.post(
        f"/console/conversations/{handoff_id}/note",
        data={"csrf_token": csrf, "text": "card retained, reorder"},
    )
    assert note.status_code == 303
    page = client.get(f"/console/conversations/{handoff_id}").text
    assert "Hi Dana, I&#x27;m Sue." in page and "card retained, reorder" in page

    back = client.post(f"/console/conversations/{handoff_id}/return", data={"csrf_token": csrf})
    assert back.status_code == 303
    assert stack.resumer.resumed == [conversation]
    assert client.get("/console/queue.json").json()["queue"] == []
    # Once returned, the customer's messages go to the bot again.
    assert (
        asyncio.run(stack.desk.route_customer_message(conversation, stack.customer_id, "web", "thanks"))
        is None
    )


def test_illegal_moves_are_answered_with_a_conflict(client, stack):
    handoff_id = enqueue(stack)
    csrf = sign_in(client, AGENT)
    response = client.post(f"/console/conversations/{handoff_id}/resolve", data={"csrf_token": csrf})
    assert response.status_code == 409
    assert "cannot resolve a handoff that is waiting" in response.text


def test_text_is_escaped_in_pages(client, stack):
    conversation = conversation_id_for(stack.customer_id)
    asyncio.run(stack.desk.on_bot_handoff(conversation, stack.customer_id, "web", "requested"))
    asyncio.run(
        stack.desk.route_customer_message(conversation, stack.customer_id, "web", "<script>alert(1)</script>")
    )
    sign_in(client, AGENT)
    page = client.get(f"/console/conversations/{_open_id(stack, conversation)}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_supervisor_sees_the_dashboard_and_exports_csv(client, stack):
    enqueue(stack)
    sign_in(client, SUPERVISOR)
    page = client.get("/console/dashboard?days=7")
    assert page.status_code == 200 and "Handoff reasons" in page.text and "<svg" in page.text
    export = client.get("/console/dashboard.csv?days=7")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert "handoff_reasons,requested,1" in export.text
    assert client.get("/console/dashboard?since=yesterday").status_code == 400


def test_a_fraud_handoff_is_listed_first_as_fraud_at_top_priority(client, stack):
    enqueue(stack, reason="fraud")
    sign_in(client, AGENT)
    (entry,) = client.get("/console/queue.json").json()["queue"]
    assert (entry["reason"], entry["priority"]) == ("fraud", 0)
    assert entry["reason_label"].startswith("fraud") and entry["priority_label"] == "top"


def test_sign_out_ends_the_session(client):
    csrf = sign_in(client, AGENT)
    assert client.post("/console/logout", data={"csrf_token": csrf}).status_code == 303
    assert client.get("/console/queue").status_code == 303


def test_metrics_are_served_in_prometheus_text_format(client, stack):
    enqueue(stack)
    stack.metrics.messages.labels(channel="sms", direction="in").inc()
    stack.metrics.latency.labels(channel="sms").observe(0.3)
    stack.metrics.errors.labels(component="telegram").inc()
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert "bankbot_handoff_queue_length 1.0" in body
    assert 'bankbot_messages_total{channel="sms",direction="in"} 1.0' in body
    assert 'bankbot_response_latency_seconds_bucket{channel="sms",le="0.5"} 1.0' in body
    assert 'bankbot_errors_total{component="telegram"} 1.0' in body
    assert 'bankbot_handoffs_total{reason="requested"} 1.0' in body


def test_a_supervisor_reassigns_and_only_the_new_holder_may_answer(stack):
    handoff_id = enqueue(stack)
    with (
        TestClient(stack.app, follow_redirects=False) as sue,
        TestClient(stack.app, follow_redirects=False) as ann,
    ):
        sue_csrf, ann_csrf = sign_in(sue, SUPERVISOR), sign_in(ann, AGENT)
        assert (
            sue.post(f"/console/conversations/{handoff_id}/claim", data={"csrf_token": sue_csrf}).status_code
            == 303
        )
        refused = ann.post(
            f"/console/conversations/{handoff_id}/reply", data={"csrf_token": ann_csrf, "text": "hi"}
        )
        assert refused.status_code == 409 and "claimed by sue" in refused.text
        moved = sue.post(
            f"/console/conversations/{handoff_id}/reassign",
            data={"csrf_token": sue_csrf, "agent_id": str(stack.agent_id)},
        )
        assert moved.status_code == 303
        reply = ann.post(
            f"/console/conversations/{handoff_id}/reply", data={"csrf_token": ann_csrf, "text": "Ann here"}
        )
        assert reply.status_code == 303
        assert [d.text for d in stack.deliverer.sent] == ["Ann here"]
        # Each session's token is its own: Sue's token does not work in Ann's session.
        assert (
            ann.post(
                f"/console/conversations/{handoff_id}/note", data={"csrf_token": sue_csrf, "text": "x"}
            ).status_code
            == 403
        )
