"""The dashboard and its CSV show, over HTTP, the figures worked out by hand for a seeded week."""

from __future__ import annotations

import csv
import io
import re

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from banking_backend.migrate import upgrade as upgrade_bank
from contact_centre import agents
from contact_centre.console import ConsoleDeps, create_console_app
from contact_centre.console.settings import ConsoleSettings
from contact_centre.delivery import RecordingDeliverer, RecordingResumer
from contact_centre.desk import HandoffDesk
from contact_centre.migrate import upgrade
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.unit_of_work import CentreUnitOfWork
from tests.unit.contact_centre.seeded_figures import EXPECTED, seed_week


@pytest.fixture
def client(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'bank.db'}"
    tracker_url = f"sqlite:///{tmp_path / 'rasa_tracker.db'}"
    upgrade_bank(db_url)
    upgrade(db_url)
    bank = seed_week(db_url, tracker_url)
    centre = CentreUnitOfWork.from_url(db_url)
    agents.create_agent(centre, "sue", "sue-password-123", role="supervisor")
    desk = HandoffDesk(centre, RecordingDeliverer(), RecordingResumer(), bank=bank)
    deps = ConsoleDeps(desk, TrackerStoreReader.from_url(tracker_url), ConsoleSettings(secret="s" * 40), bank)
    app = Starlette(routes=[Mount("/console", create_console_app(deps))])
    with TestClient(app, follow_redirects=False) as c:
        token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/console/login").text).group(1)
        c.post(
            "/console/login", data={"username": "sue", "password": "sue-password-123", "csrf_token": token}
        )
        yield c


PERIOD = "since=2026-03-10&until=2026-03-16"


def test_the_csv_holds_the_hand_computed_figures(client):
    response = client.get(f"/console/dashboard.csv?{PERIOD}")
    assert response.status_code == 200
    assert 'filename="bankbot-figures-2026-03-10-2026-03-16.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))[1:]

    def section(name: str) -> dict[str, str]:
        return {key: value for s, key, value in rows if s == name}

    assert section("conversations") == {"total": str(EXPECTED["conversations"])}
    assert section("conversations_by_channel") == {k: str(v) for k, v in EXPECTED["by_channel"].items()}
    assert section("conversations_by_language") == {k: str(v) for k, v in EXPECTED["by_language"].items()}
    assert section("handoff_reasons") == {k: str(v) for k, v in EXPECTED["handoff_reasons"].items()}
    assert section("top_intents") == {k: str(v) for k, v in EXPECTED["top_intents"].items()}
    assert section("complaint_categories") == {k: str(v) for k, v in EXPECTED["complaint_categories"].items()}
    assert section("rates") == {"containment": "0.5", "handoff": "0.5", "fallback": "0.25"}
    assert section("times") == {"average_wait_seconds": "70", "average_handle_seconds": "330"}
    assert section("satisfaction") == {"average": "3.25", "count": "4"}
    assert section("satisfaction_distribution") == {"1": "1", "2": "0", "3": "1", "4": "1", "5": "1"}


def test_the_dashboard_page_shows_the_same_figures(client):
    page = client.get(f"/console/dashboard?{PERIOD}").text

    def tile(name: str) -> str:
        return re.search(rf'data-figure="{name}"><span>[^<]*</span><b>([^<]*)</b>', page).group(1)

    assert tile("conversations") == "6"
    assert tile("containment") == "50.0%"
    assert tile("handoff-rate") == "50.0%"
    assert tile("fallback-rate") == "25.0%"
    assert tile("average-wait") == "1 min 10 s"
    assert tile("average-handling") == "5 min 30 s"
    assert tile("satisfaction") == "3.25 / 5 (4)"
    for chart in ("Conversations by channel", "Handoff reasons", "Top intents", "Complaint categories"):
        assert f'aria-label="{chart}"' in page
    assert 'value="2026-03-10"' in page and 'value="2026-03-16"' in page
