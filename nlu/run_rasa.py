"""Start Rasa (`rasa run …`) with two fixes to its hot path; runs in the Rasa environment.

Rasa 3.6 checks every custom action's reply with `jsonschema.validate(result, schema)`,
and `validate` first re-checks the *schema* itself against JSON Schema's meta-schema,
on every call. A py-spy profile of a plain Rasa server (tiny model, one trivial action)
put 81% of its CPU per turn there (docs/benchmarks.md). Here the schema is checked once
and the compiled validator kept; every reply is still validated exactly as before.

Second, reading a conversation back from the tracker store resolves each event's class by
walking every subclass of Event; that walk is done once (7% of a production Rasa worker's
CPU per turn, measured from /proc before and after).
"""

from __future__ import annotations

import json
import sys

import jsonschema

_VALIDATORS: dict[str, object] = {}


def validate(instance, schema, cls=None, *args, **kwargs) -> None:
    """jsonschema.validate with the schema check and the validator built once per schema."""
    key = json.dumps(schema, sort_keys=True, default=str)
    validator = _VALIDATORS.get(key)
    if validator is None:
        cls = cls or jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = _VALIDATORS[key] = cls(schema, *args, **kwargs)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def cache_event_classes() -> None:
    """Rasa looks up an event's class by walking every subclass of Event, for every event it
    reads back from the tracker store (dozens per turn). The classes never change once
    loaded, so the walk is done once."""
    import rasa.shared.utils.common as common
    from rasa.shared.core.events import Event

    walk = common.all_subclasses
    event_classes = walk(Event)
    common.all_subclasses = lambda cls: event_classes if cls is Event else walk(cls)


def main() -> int:
    jsonschema.validate = validate  # rasa.core.actions.action imports it at call time
    cache_event_classes()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
