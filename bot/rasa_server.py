"""Rasa's own `rasa` command (`python -m bot.rasa_server run ...`, core runtime), with three
fixes for speed found by profiling Rasa under load (bench/README.md); none changes an answer.

1. Rasa checks every action server answer with `jsonschema.validate(answer, schema)`, and that
function first validates the *schema* against JSON Schema's meta-schema, on every call. With
jsonschema 4.17 (the newest Rasa 3.6 accepts) that meta-check is most of Rasa's CPU time per
message: a py-spy profile under load put ~55 % of the Rasa process in it (bench/README.md).
Here each distinct schema is checked once and its validator kept; answers are validated as
before and a bad answer raises the same `ValidationError`.
2. Every event read from the tracker store is turned into its class by walking all of Event's
subclasses (with `inspect.isabstract` on each): here the name → class map is built once.
3. The embedded SQLite tracker store runs in WAL mode with synchronous=NORMAL: a commit no
longer waits for two fsyncs, and a crash of Rasa loses nothing committed (a power cut could
lose the last moments; production keeps its conversations in PostgreSQL).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import jsonschema
from jsonschema import exceptions, validators
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.engine import Engine

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


_event_classes: dict[str, type[Event]] = {}


def resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _event_classes:  # an event class imported since: look again
        _event_classes.update((cls.type_name, cls) for cls in reversed(all_subclasses(Event)))
    if type_name in _event_classes:
        return _event_classes[type_name]
    return _original_resolve(type_name, default)


_original_resolve = Event.resolve_by_type


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def install() -> None:
    # Rasa imports `validate` from `jsonschema` inside the function that calls it, so replacing
    # the module's attribute is enough.
    jsonschema.validate = validate
    Event.resolve_by_type = staticmethod(resolve_event_type)
    sqlalchemy_event.listen(Engine, "connect", _sqlite_wal)


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
