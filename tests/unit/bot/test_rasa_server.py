"""Rasa served through bot.rasa_server still rejects a malformed action server answer and
accepts a good one, while the JSON-schema meta-check runs once per schema, not per answer."""

import json
import subprocess

from bot.cli.paths import CORE_VENV, ROOT
from bot.cli.training import core_env

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
print(json.dumps({"results": results, "meta_checks": len(checks)}))
"""


def test_answers_are_validated_as_before_and_the_schema_is_checked_once():
    done = subprocess.run(
        [str(CORE_VENV / "bin" / "python"), "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=core_env(),
        check=True,
        timeout=300,
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    results = outcome["results"]
    assert results[:2] == [True, True] and results[4] is True
    assert results[2].startswith("rejected: 'not a list' is not of type 'array'")
    assert results[3].startswith("rejected: 'just a string' is not of type 'object'")
    assert outcome["meta_checks"] == 1
