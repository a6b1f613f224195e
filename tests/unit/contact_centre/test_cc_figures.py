"""The figures equal those worked out by hand for a seeded week of conversations."""

from __future__ import annotations

import csv
import io

import pytest

from contact_centre import figures
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.unit_of_work import CentreUnitOfWork
from tests.unit.contact_centre.seeded_figures import EXPECTED, SINCE, UNTIL, seed_week


@pytest.fixture
def week(db_url, tmp_path):
    tracker_url = f"sqlite:///{tmp_path / 'rasa_tracker.db'}"
    bank = seed_week(db_url, tracker_url)
    reader = TrackerStoreReader.from_url(tracker_url)
    yield figures.gather(SINCE, UNTIL, reader, CentreUnitOfWork.from_url(db_url), bank)
    reader.dispose()


def test_figures_of_the_seeded_week_equal_those_computed_by_hand(week):
    got = {name: getattr(week, name) for name in EXPECTED}
    got["top_intents"] = dict(week.top_intents)
    assert got == EXPECTED


def test_top_intents_come_most_frequent_first(week):
    assert [n for _, n in week.top_intents] == sorted((n for _, n in week.top_intents), reverse=True)
    assert "nlu_fallback" not in dict(week.top_intents)


def test_csv_export_holds_every_figure(week):
    rows = list(csv.reader(io.StringIO(figures.to_csv(week))))
    assert rows[0] == ["section", "key", "value"]
    table = {(section, key): value for section, key, value in rows[1:]}
    assert table[("conversations", "total")] == "6"
    assert table[("conversations_by_channel", "web")] == "4"
    assert table[("rates", "containment")] == "0.5"
    assert table[("rates", "fallback")] == "0.25"
    assert table[("handoff_reasons", "auth_failed")] == "1"
    assert table[("complaint_categories", "card")] == "2"
    assert table[("times", "average_wait_seconds")] == "70"
    assert table[("times", "average_handle_seconds")] == "330"
    assert table[("satisfaction", "average")] == "3.25"


def test_an_empty_period_has_no_rates_rather_than_a_division_by_zero(db_url, tmp_path):
    reader = TrackerStoreReader.from_url(f"sqlite:///{tmp_path / 'missing.db'}")
    result = figures.gather(SINCE, UNTIL, reader, CentreUnitOfWork.from_url(db_url), None)
    assert (result.conversations, result.containment_rate, result.fallback_rate) == (0, None, None)
    assert not (tmp_path / "missing.db").exists()  # read-only: never creates Rasa's database


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    from contact_centre.figures import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("web") == "web"
