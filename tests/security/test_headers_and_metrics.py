"""The pages' security headers, who may read /metrics, and the demo sign-in's CSRF token, over
real HTTP against the gateway served by uvicorn."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.security.gateway_alone import METRICS_TOKEN


@pytest.mark.parametrize("path", ["/", "/signin", "/console/login"])
def test_html_pages_carry_a_content_security_policy_and_the_other_headers(edges, path):
    response = httpx.get(f"{edges['url']}{path}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/signin"])
def test_the_pages_have_no_inline_script_or_style_the_policy_would_block(edges, path):
    page = httpx.get(f"{edges['url']}{path}").text
    assert "<style" not in page and " style=" not in page
    for script in re.findall(r"<script[^>]*>", page):
        assert "src=" in script or 'type="application/json"' in script


def test_the_widget_and_its_styles_are_served_from_the_same_origin(edges):
    page = httpx.get(f"{edges['url']}/").text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert httpx.get(f"{edges['url']}{asset}").status_code == 200


def test_metrics_without_the_bearer_token_are_refused(edges):
    assert httpx.get(f"{edges['url']}/metrics").status_code == 401
    wrong = httpx.get(f"{edges['url']}/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_metrics_with_the_bearer_token_are_served(edges):
    response = httpx.get(f"{edges['url']}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    assert "bankbot_" in response.text


def test_without_a_token_metrics_answer_loopback_callers_only(tmp_path):
    from starlette.applications import Starlette
    from starlette.routing import Route

    from channels.metrics_access import guarded_metrics
    from contact_centre.metrics import ServiceMetrics, metrics_app
    from tests.fakes.server import serve

    app = Starlette(routes=[Route("/metrics", guarded_metrics(metrics_app(ServiceMetrics()), token=None))])
    with serve(app) as url:
        assert httpx.get(f"{url}/metrics").status_code == 200
        # Behind a proxy on this host, uvicorn takes the client from X-Forwarded-For: a remote one.
        remote = httpx.get(f"{url}/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert remote.status_code == 403


def _signin_form(client: httpx.Client) -> str:
    page = client.get("/signin").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_signing_in_from_the_form_works(edges):
    with httpx.Client(base_url=edges["url"]) as client:
        token = _signin_form(client)
        response = client.post("/signin", data={"username": "alice", "csrf": token})
        assert response.status_code == 303
        assert "bankbot_session" in response.cookies


def test_a_cross_site_sign_in_without_the_form_token_is_refused(edges):
    # Login CSRF: another site posts the form so that the victim chats as the attacker's customer.
    response = httpx.post(f"{edges['url']}/signin", data={"username": "alice"})
    assert response.status_code == 403
    assert "bankbot_session" not in response.cookies


def test_a_sign_in_with_another_browsers_form_token_is_refused(edges):
    with httpx.Client(base_url=edges["url"]) as attacker:
        stolen = _signin_form(attacker)
    with httpx.Client(base_url=edges["url"]) as victim:
        victim.get("/signin")
        response = victim.post("/signin", data={"username": "alice", "csrf": stolen})
        assert response.status_code == 403
        assert "bankbot_session" not in response.cookies
