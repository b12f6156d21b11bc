"""Every scripted conversation in tests/conversations/ through the real Rasa server and
action server: what a worker would notice, turn by turn (hotline/conversations.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from foundation.settings import Settings
from hotline.conversations import load_one_message, load_scripts, run_all

SCRIPTS = load_scripts(Path(__file__).parent / "conversations")
SINGLES = load_one_message(Path(__file__).parent / "one_message_figures.yml")


def test_the_suite_is_large_enough():
    assert len(SCRIPTS) >= 40 and len(SINGLES) >= 30


@pytest.fixture(scope="module")
def outcomes(running_stack: Settings) -> dict[str, object]:
    return {o.script.path.stem: o for o in asyncio.run(run_all(running_stack.rasa_url, SCRIPTS))}


@pytest.mark.stack
@pytest.mark.parametrize("script", SCRIPTS, ids=[s.path.stem for s in SCRIPTS])
def test_conversation(outcomes, script):
    outcome = outcomes[script.path.stem]
    transcript = "\n".join(f"> {t['say']}\n{r['answer']}" for t, r in zip(script.turns, outcome.replies, strict=True))
    assert outcome.passed, "; ".join(outcome.failures) + "\n" + transcript


@pytest.mark.stack
def test_one_message_questions_with_every_fact_state_the_figure(running_stack: Settings):
    """At least nine in ten (the issue's target); the misses are listed."""
    outcomes = asyncio.run(run_all(running_stack.rasa_url, SINGLES))
    misses = [f"{o.script.turns[0]['say']} — {'; '.join(o.failures)}" for o in outcomes if not o.passed]
    assert len(misses) <= len(outcomes) // 10, "\n".join(misses)
