"""Sign-in throttling over real HTTP (the console served by uvicorn on a loopback port) on a real
database: 5 failures lock a username for 15 minutes, 20 lock an address, a lock says nothing
about whether the name exists, a success clears the name's failures, and the count holds across
gateways. The contact centre's clock is one the test moves."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from tests.fakes.server import serve
from tests.integration.contact_centre.console_stack import (
    AGENT,
    SUPERVISOR,
    ConsoleStack,
    another_gateways_console,
    build_console_stack,
)
from tests.support.postgres import fresh_database
from tests.unit.contact_centre.conftest import FakeClock

WRONG = "Wrong username or password."
LOCKED = "Too many failed sign-ins. Try again in 15 minutes, after 12:15 UTC."


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 16, 12, 0, tzinfo=UTC))


@pytest.fixture
def stack(tmp_path, clock) -> ConsoleStack:
    return build_console_stack(tmp_path, clock=clock)


@pytest.fixture
def console(stack) -> Iterator[str]:
    with serve(stack.app) as url:
        yield url


class Browser:
    """One person's browser: its own cookies, seen by the server as coming from `address`
    (through X-Forwarded-For, which uvicorn trusts from loopback as from a proxy in front)."""

    def __init__(self, url: str, address: str = "192.0.2.10") -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=False, headers={"X-Forwarded-For": address})

    def sign_in(self, username: str, password: str) -> httpx.Response:
        form = self.http.get("/console/login").text
        token = re.search(r'name="csrf-token" content="([^"]+)"', form).group(1)
        return self.http.post(
            "/console/login", data={"username": username, "password": password, "csrf_token": token}
        )

    def signed_in(self) -> bool:
        return self.http.get("/console/queue").status_code == 200


def said(response: httpx.Response) -> str:
    return re.search(r'<p class="error" role="alert">([^<]*)</p>', response.text).group(1)


def fail(browser: Browser, username: str, times: int) -> list[httpx.Response]:
    return [browser.sign_in(username, "not-the-password") for _ in range(times)]


def test_five_wrong_passwords_lock_the_name_as_for_a_name_that_does_not_exist(console, clock, caplog):
    caplog.set_level(logging.WARNING, logger="contact_centre.sign_in_throttle")
    sue, someone = Browser(console), Browser(console, "192.0.2.20")

    answers = fail(sue, SUPERVISOR[0], 5)
    assert [(r.status_code, said(r)) for r in answers] == [(401, WRONG)] * 4 + [(429, LOCKED)]
    assert answers[-1].headers["retry-after"] == "900"
    right = sue.sign_in(*SUPERVISOR)
    assert (right.status_code, said(right)) == (429, LOCKED)
    assert not sue.signed_in()

    # A name nobody has is answered word for word the same: the lock does not tell names apart.
    unknown = fail(someone, "nobody", 6)
    assert [(r.status_code, said(r)) for r in unknown] == [(401, WRONG)] * 4 + [(429, LOCKED)] * 2

    # Another name is not locked, from either address.
    assert Browser(console).sign_in(*AGENT).status_code == 303
    logged = [r.getMessage() for r in caplog.records]
    lock = "username 'sue' locked until 2026-03-16T12:15:00+00:00"
    assert f"console sign-in locked after too many failures: {lock}" in logged
    assert sum("sign-in failed for 'sue'" in r.getMessage() for r in caplog.records) == 5


def test_the_lock_ends_fifteen_minutes_after_the_fifth_failure(console, clock):
    sue = Browser(console)
    fail(sue, SUPERVISOR[0], 4)
    clock.advance(minutes=3)
    fail(sue, SUPERVISOR[0], 1)  # the fifth, at 12:03

    clock.advance(minutes=14, seconds=59)
    still = sue.sign_in(*SUPERVISOR)
    assert (still.status_code, said(still)) == (
        429,
        "Too many failed sign-ins. Try again in 1 minute, after 12:18 UTC.",
    )
    assert still.headers["retry-after"] == "1"

    clock.advance(seconds=1)
    assert sue.sign_in(*SUPERVISOR).status_code == 303
    assert sue.signed_in()


def test_a_success_clears_the_names_failures(console, clock):
    sue = Browser(console)
    assert {r.status_code for r in fail(sue, SUPERVISOR[0], 4)} == {401}
    assert sue.sign_in(*SUPERVISOR).status_code == 303
    # Four more failures would make eight in the window; after the success they are four again.
    assert {r.status_code for r in fail(sue, SUPERVISOR[0], 4)} == {401}
    assert sue.sign_in(*SUPERVISOR).status_code == 303


def test_twenty_failures_from_one_address_lock_that_address_only(console, clock):
    guesser = Browser(console, "203.0.113.7")
    answers = [r for name in ("amy", "bob", "cat", "dan", "eve") for r in fail(guesser, name, 4)]
    # Four for each name (none of them reaches its own limit); the twentieth locks the address.
    assert [(r.status_code, said(r)) for r in answers] == [(401, WRONG)] * 19 + [(429, LOCKED)]
    refused = guesser.sign_in(*SUPERVISOR)
    assert (refused.status_code, said(refused)) == (429, LOCKED)
    assert Browser(console, "198.51.100.9").sign_in(*SUPERVISOR).status_code == 303


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_failures_count_across_gateways(tmp_path, clock, database):
    def run(stack: ConsoleStack) -> None:
        with serve(stack.app) as first, serve(another_gateways_console(stack, clock)) as second:
            fail(Browser(first), SUPERVISOR[0], 3)
            fail(Browser(second), SUPERVISOR[0], 2)
            for url in (first, second):
                refused = Browser(url).sign_in(*SUPERVISOR)
                assert (refused.status_code, said(refused)) == (429, LOCKED)

    if database == "sqlite":
        run(build_console_stack(tmp_path, clock=clock))
        return
    with fresh_database("cc_throttle") as url:
        run(build_console_stack(tmp_path, db_url=url, clock=clock))
