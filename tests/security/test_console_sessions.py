"""D10: console sessions live on the server and can be ended. Over real HTTP (uvicorn, httpx): a
cookie copied before sign-out opens nothing after it; signing in gives a new id and the old one
dies; a session idle too long (the contact centre's clock moved) is over; a supervisor ends an
agent's sessions and the agent's next request is refused; two gateways on one database agree."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.fakes.server import serve
from tests.integration.contact_centre.console_stack import (
    AGENT,
    SUPERVISOR,
    another_gateways_console,
    build_console_stack,
)

COOKIE = "bankbot_console"


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """argon2id still, with test-sized cost (the production parameters cost ~1 s each here)."""
    from argon2 import PasswordHasher

    from contact_centre import agents

    monkeypatch.setattr(agents, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def stack(tmp_path, clock):
    return build_console_stack(tmp_path, clock=clock)


@pytest.fixture
def console(stack):
    with serve(stack.app) as url:
        yield url


def browser(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, follow_redirects=False, timeout=30)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def sign_in(client: httpx.Client, who: tuple[str, str]) -> str:
    """Signs in; returns the CSRF token of the signed-in pages."""
    token = csrf_of(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"username": who[0], "password": who[1], "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    page = client.get("/console/queue")
    assert page.status_code == 200
    return csrf_of(page.text)


def with_cookie(url: str, value: str) -> httpx.Client:
    client = browser(url)
    client.cookies.set(COOKIE, value)
    return client


def signed_in(client: httpx.Client) -> bool:
    response = client.get("/console/queue")
    if response.status_code == 303:
        assert response.headers["location"] == "/console/login"
        assert client.get("/console/queue.json").status_code == 401
        return False
    assert response.status_code == 200
    return True


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(console):
    with browser(console) as agent:
        csrf = sign_in(agent, AGENT)
        copied = agent.cookies[COOKIE]
        assert agent.post("/console/logout", data={"csrf_token": csrf}).status_code == 303
    with with_cookie(console, copied) as thief:
        assert not signed_in(thief)


def test_the_cookie_holds_a_random_id_and_the_database_only_its_hash(console, stack):
    with browser(console) as agent:
        sign_in(agent, AGENT)
        value = agent.cookies[COOKIE]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value)
    engine = create_engine(stack.db_url)
    with engine.connect() as db:
        stored = [row[0] for row in db.execute(text("SELECT token_hash FROM cc_console_sessions"))]
    engine.dispose()
    assert stored == [hashlib.sha256(value.encode()).hexdigest()]


def test_signing_in_gives_a_new_id_and_the_old_ones_die(console):
    with browser(console) as agent:
        before_sign_in = csrf_of(agent.get("/console/login").text) and agent.cookies[COOKIE]
        sign_in(agent, AGENT)
        first_session = agent.cookies[COOKIE]
        assert first_session != before_sign_in
        sign_in(agent, AGENT)  # again, from the same browser: a new id, the first one ends
        second_session = agent.cookies[COOKIE]
        assert second_session != first_session
        assert signed_in(agent)
    for old in (before_sign_in, first_session):
        with with_cookie(console, old) as replay:
            assert not signed_in(replay)


def test_a_session_idle_longer_than_the_limit_is_over_and_activity_keeps_it(console, clock):
    with browser(console) as agent:
        sign_in(agent, AGENT)
        for _ in range(3):  # 3 × 20 minutes, each with a request: still signed in after an hour
            clock.advance(minutes=20)
            assert signed_in(agent)
        clock.advance(minutes=31)
        assert not signed_in(agent)
        clock.advance(minutes=-31)  # the session stays ended, whatever the clock says after
        assert not signed_in(agent)


def test_no_session_outlives_its_absolute_age(console, clock):
    started, ended = clock.now, None
    with browser(console) as agent:
        sign_in(agent, AGENT)
        for _ in range(40):  # busy all day, a request every 15 minutes
            clock.advance(minutes=15)
            if not signed_in(agent):
                ended = clock.now
                break
    assert ended is not None
    assert timedelta(hours=8) < ended - started <= timedelta(hours=8, minutes=15)


def test_a_supervisor_ends_an_agents_sessions_and_the_agents_next_request_is_refused(console, stack):
    with browser(console) as ann, browser(console) as ann_phone, browser(console) as sue:
        sign_in(ann, AGENT)
        sign_in(ann_phone, AGENT)
        csrf = sign_in(sue, SUPERVISOR)
        page = sue.get("/console/agents")
        assert page.status_code == 200 and "ann" in page.text
        assert f'action="/console/agents/{stack.agent_id}/end-sessions"' in page.text
        # Without the CSRF token nothing is ended.
        assert sue.post(f"/console/agents/{stack.agent_id}/end-sessions", data={}).status_code == 403
        assert signed_in(ann)
        response = sue.post(f"/console/agents/{stack.agent_id}/end-sessions", data={"csrf_token": csrf})
        assert response.status_code == 303
        assert not signed_in(ann) and not signed_in(ann_phone)
        assert signed_in(sue)
        assert "2 sessions ended" in sue.get(response.headers["location"]).text


def test_an_agent_may_not_end_anyone_elses_sessions(console, stack):
    with browser(console) as ann, browser(console) as sue:
        sign_in(sue, SUPERVISOR)
        csrf = sign_in(ann, AGENT)
        assert ann.get("/console/agents").status_code == 403
        refused = ann.post(f"/console/agents/{stack.supervisor_id}/end-sessions", data={"csrf_token": csrf})
        assert refused.status_code == 403
        assert signed_in(sue)


def test_two_gateways_share_the_sessions(console, stack, clock):
    _two_gateways_share_the_sessions(console, stack, clock)


@pytest.mark.postgres
def test_two_gateways_share_the_sessions_on_postgresql(tmp_path, clock):
    from tests.support.postgres import fresh_database

    with fresh_database("console_sessions") as url:
        stack = build_console_stack(tmp_path, db_url=url, clock=clock)
        with serve(stack.app) as console:
            _two_gateways_share_the_sessions(console, stack, clock)


def _two_gateways_share_the_sessions(console, stack, clock):
    with serve(another_gateways_console(stack, clock)) as second:
        with browser(console) as on_first:
            csrf = sign_in(on_first, AGENT)
            cookie = on_first.cookies[COOKIE]
            with with_cookie(second, cookie) as on_second:
                assert signed_in(on_second)
                assert on_second.post("/console/logout", data={"csrf_token": csrf}).status_code == 303
            assert not signed_in(on_first)


def test_the_command_line_ends_an_agents_sessions(console, stack):
    from contact_centre.cli import end_console_sessions_command

    with browser(console) as ann:
        sign_in(ann, AGENT)
        assert end_console_sessions_command([AGENT[0], "--database-url", stack.db_url]) == 0
        assert not signed_in(ann)
    assert end_console_sessions_command(["nobody", "--database-url", stack.db_url]) == 1


def test_a_live_pages_own_re_reads_do_not_keep_an_idle_session(console, clock):
    with browser(console) as agent:
        sign_in(agent, AGENT)
        statuses = []
        for _ in range(4):  # the page's script re-reads every 10 minutes; nobody is there
            clock.advance(minutes=10)
            statuses.append(agent.get("/console/queue.json").status_code)
    assert statuses == [200, 200, 200, 401]
