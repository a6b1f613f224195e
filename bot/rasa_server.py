"""Rasa's own `rasa` command (`python -m bot.rasa_server run ...`, core runtime), with one fix.

Rasa checks every action server answer with `jsonschema.validate(answer, schema)`, and that
function first validates the *schema* against JSON Schema's meta-schema, on every call. With
jsonschema 4.17 (the newest Rasa 3.6 accepts) that meta-check is most of Rasa's CPU time per
message: a py-spy profile under load put ~55 % of the Rasa process in it (bench/README.md).
Here each distinct schema is checked once and its validator kept; answers are validated as
before and a bad answer raises the same `ValidationError`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import jsonschema
from jsonschema import exceptions, validators

_original_validate = jsonschema.validate
_validators: dict[str, Any] = {}


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = json.dumps(schema, sort_keys=True, default=str)
    validator = _validators.get(key)
    if validator is None:
        validator_class = validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = _validators[key] = validator_class(schema)
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Rasa imports `validate` from `jsonschema` inside the function that calls it, so
    replacing the module's attribute is enough."""
    jsonschema.validate = validate


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
