"""nlu/run_rasa.py: Rasa's action-reply validation, with the schema checked once, still
rejects a bad reply, and events are still found with the cached event classes (run in the
Rasa environment, against Rasa's own code)."""

from __future__ import annotations

import subprocess

import pytest

from foundation.settings import ROOT, Settings

pytestmark = pytest.mark.stack  # Rasa's own Python

SCRIPT = """
import jsonschema
from rasa.core.actions.action import RemoteAction
import run_rasa
schema = RemoteAction.action_response_format_spec()
good = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "ok"}]}
bad = {"events": "not a list", "responses": []}
for _ in range(3):
    run_rasa.validate(good, RemoteAction.action_response_format_spec())
try:
    run_rasa.validate(bad, schema)
    print("bad reply accepted")
except jsonschema.ValidationError:
    print("bad reply rejected")
print("validators built:", len(run_rasa._VALIDATORS))
run_rasa.cache_event_classes()
from rasa.shared.core.events import ActiveLoop, Event, SessionStarted, SlotSet, UserUttered
names = {"user": UserUttered, "slot": SlotSet, "session_started": SessionStarted, "active_loop": ActiveLoop}
print("events resolved:", all(Event.resolve_by_type(n) is c for n, c in names.items()))
"""


def test_replies_are_still_validated_and_events_still_resolved():
    python = Settings().rasa_bin.with_name("python")
    done = subprocess.run([str(python), "-c", SCRIPT], cwd=ROOT / "nlu", capture_output=True, text=True, timeout=120)
    assert "bad reply rejected" in done.stdout, done.stderr[-2000:]
    assert "validators built: 1" in done.stdout
    assert "events resolved: True" in done.stdout  # the cached event classes still find every event
