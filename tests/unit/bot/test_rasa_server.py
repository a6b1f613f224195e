"""Rasa served through bot.rasa_server: it still rejects a malformed action server answer and
accepts a good one, while the JSON-schema meta-check runs once per schema, not per answer;
events read back resolve to the same classes as in Rasa; its SQLite tracker store is in WAL mode."""

import functools

from tests.support.core_runtime import run_in_core

SCRIPT = """
import json
from jsonschema import ValidationError, validators
from bot import rasa_server
from rasa.core.actions.action import RemoteAction

rasa_server.install()
checks = []
for cls in {validators.validator_for({}), validators.Draft4Validator}:
    original = cls.check_schema
    cls.check_schema = classmethod(lambda c, s, _o=original: (checks.append(1), _o(s))[1])
action = RemoteAction("action_check_balance", None)
good = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
results = []
for answer in (good, good, {"events": "not a list"}, {"responses": ["just a string"]}, good):
    try:
        results.append(action._validate_action_result(answer))
    except ValidationError as error:
        results.append("rejected: " + error.message.split(".")[0])
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
names = {cls.type_name for cls in all_subclasses(Event)}
expected = {name: rasa_server._original_resolve(name).__name__ for name in names}
resolved = {name: Event.resolve_by_type(name).__name__ for name in names}
try:
    Event.resolve_by_type("no_such_event")
    unknown = "accepted"
except ValueError:
    unknown = "rejected"
import sys, tempfile
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=tempfile.mkdtemp() + "/tracker.db")
with store.session_scope() as session:
    mode = session.execute(__import__("sqlalchemy").text("PRAGMA journal_mode")).scalar()
print(json.dumps({"results": results, "meta_checks": len(checks), "same_classes": expected == resolved,
                  "event_types": len(names), "unknown": unknown, "journal_mode": mode}))
"""


@functools.cache
def _run() -> dict:
    return run_in_core(SCRIPT)


def test_answers_are_validated_as_before_and_the_schema_is_checked_once():
    outcome = _run()
    results = outcome["results"]
    assert results[:2] == [True, True] and results[4] is True
    assert results[2].startswith("rejected: 'not a list' is not of type 'array'")
    assert results[3].startswith("rejected: 'just a string' is not of type 'object'")
    assert outcome["meta_checks"] == 1


def test_events_resolve_to_rasas_classes_and_the_sqlite_tracker_store_is_in_wal_mode():
    outcome = _run()
    assert outcome["event_types"] > 20 and outcome["same_classes"]
    assert outcome["unknown"] == "rejected"
    assert outcome["journal_mode"] == "wal"
