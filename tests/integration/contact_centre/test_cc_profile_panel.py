"""The profile panel beside a handoff, over HTTP: the customer's contact details masked by the
house rule, preferences, segment and last changes, on the page and in its JSON."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from banking_backend.db import make_engine, make_session_factory
from banking_backend.services import profile
from banking_backend.unit_of_work import SqlUnitOfWork
from tests.integration.contact_centre.console_stack import AGENT, build_console_stack
from tests.integration.contact_centre.test_cc_console_http import enqueue, sign_in


@pytest.fixture
def stack(tmp_path):
    return build_console_stack(tmp_path)


@pytest.fixture
def client(stack):
    with TestClient(stack.app, base_url="http://testserver", follow_redirects=False) as c:
        yield c


def changed_by_the_customer(stack) -> None:
    """What the bot does when Dana changes her details in a chat."""
    engine = make_engine(stack.db_url)
    try:
        uow = lambda: SqlUnitOfWork(make_session_factory(engine))  # noqa: E731
        profile.change_address(uow(), stack.customer_id, "221B Baker Street\nLondon NW1 6XE", "web")
        profile.change_email(uow(), stack.customer_id, "dana.scully@example.org", "web")
        profile.set_preferred_channel(uow(), stack.customer_id, "email", "web")
        profile.set_segment(uow(), stack.customer_id, "premium", staff="sue")
    finally:
        engine.dispose()


def test_the_profile_panel_shows_the_customer_masked_with_their_last_changes(client, stack):
    changed_by_the_customer(stack)
    handoff_id = enqueue(stack)
    sign_in(client, AGENT)
    page = client.get(f"/console/conversations/{handoff_id}").text
    assert '<dd id="profile-name">Dana Scully</dd>' in page
    assert '<dd id="profile-phone">••••0177</dd>' in page
    assert '<dd id="profile-email">d••••@example.org</dd>' in page
    assert '<dd id="profile-address">•••• 6XE</dd>' in page  # its last four characters
    assert '<dd id="profile-language">en</dd>' in page
    assert '<dd id="profile-channel">email</dd>' in page
    assert '<dd id="profile-segment">premium</dd>' in page
    assert "Baker" not in page and "dana.scully" not in page and "4155550177" not in page
    assert "Address: —" in page and "E-mail: —" in page  # no address nor e-mail before
    data = client.get(f"/console/conversations/{handoff_id}/customer.json").json()["customer"]
    assert data["email"] == "d••••@example.org" and data["phone"] == "••••0177"
    assert data["segment"] == "premium" and data["preferred_channel"] == "email" and data["language"] == "en"
    assert [c["what"] for c in data["last_changes"]] == [
        "profile.channel_changed",
        "profile.email_changed",
        "profile.address_changed",
    ]
    assert data["last_changes"][1]["new"] == "d••••@example.org"


def test_the_profile_json_needs_a_signed_in_agent(client, stack):
    handoff_id = enqueue(stack)
    response = client.get(f"/console/conversations/{handoff_id}/customer.json")
    assert response.status_code in (303, 401)
