"""nlu/run_rasa.py: Rasa's action-reply validation, with the schema checked once, still
rejects a bad reply (run in the Rasa environment, against Rasa's own schema)."""

from __future__ import annotations

import subprocess

from hotline.config import ROOT, Settings

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
"""


def test_replies_are_still_validated_and_the_schema_is_checked_once():
    python = Settings().rasa_bin.with_name("python")
    done = subprocess.run([str(python), "-c", SCRIPT], cwd=ROOT / "nlu", capture_output=True, text=True, timeout=120)
    assert "bad reply rejected" in done.stdout, done.stderr[-2000:]
    assert "validators built: 1" in done.stdout
