"""Scripted conversations (tests/conversations/*.yml) run through the real stack and checked
turn by turn, for `hotline converse` and tests/test_conversations.py.

A script is what a worker would type, with what must hold after each turn (see
tests/conversations/README.md). The checks are things a worker notices: the crisis answer
came, a ticket number was shown, a figure was stated, a question already answered was not
asked again, the assistant did not repeat one question three turns running.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from foundation.rasa_client import RasaClient
from hotline.ask import ask_lines

TICKET = re.compile(r"12351-\d{8}-\d{4}")
CRISIS_WORDS = ("110", "12356")
EXPECT_KEYS = {"crisis", "ticket", "asks_consent", "asks_contact", "escalate", "topic", "figure", "says",
               "not_says", "asks", "not_asks"}


@dataclass
class Script:
    name: str
    path: Path
    turns: list[dict]
    never_stuck: bool = True


@dataclass
class Outcome:
    script: Script
    replies: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_scripts(folder: Path) -> list[Script]:
    """Every script in the folder; a malformed one is an error naming its file."""
    scripts = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        turns = data.get("turns") or []
        if not turns or not all(isinstance(t, dict) and "say" in t for t in turns):
            raise ValueError(f"{path}: every conversation needs `turns`, each with `say`")
        for number, turn in enumerate(turns, start=1):
            unknown = set(turn.get("expect") or {}) - EXPECT_KEYS
            if unknown:
                raise ValueError(f"{path}: turn {number} has unknown checks {sorted(unknown)}")
        scripts.append(Script(data.get("name") or path.stem, path, turns, bool(data.get("never_stuck", True))))
    return scripts


def load_one_message(path: Path) -> list[Script]:
    """tests/one_message_figures.yml: one message with every fact, the figure it must state."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Script(f"{item.get('topic', '')} {item['figure']}", path.with_name(f"{path.stem}-{number:02d}"),
                   [{"say": item["text"], "expect": {"figure": item["figure"]}}], never_stuck=False)
            for number, item in enumerate(items, start=1)]


def _amounts(text: str) -> set[int]:
    """Whole-yuan numbers written in a reply: 31,500.00 / 31500 / 31,500 → 31500."""
    found = set()
    for raw in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
        try:
            found.add(round(float(raw.replace(",", ""))))
        except ValueError:
            continue
    return found


def check_turn(expect: dict, reply: dict) -> list[str]:
    """What went wrong in one turn, in words a reviewer reads."""
    answer = reply.get("answer") or ""
    problems = []

    def fail(what: str) -> None:
        problems.append(what)

    if expect.get("crisis") and not (reply.get("crisis") or all(w in answer for w in CRISIS_WORDS)):
        fail("no crisis answer")
    if "ticket" in expect and bool(TICKET.search(answer)) != bool(expect["ticket"]):
        fail("no ticket number shown" if expect["ticket"] else "a ticket was opened")
    if expect.get("asks_consent") and not (reply.get("asks_consent") or "同意转给律师" in answer):
        fail("consent not asked")
    if expect.get("asks_contact") and not (reply.get("asks_contact") or "怎么联系您" in answer):
        fail("contact not asked")
    if "escalate" in expect and bool(reply.get("escalate")) != bool(expect["escalate"]):
        fail(f"escalate is {bool(reply.get('escalate'))}")
    if "topic" in expect and reply.get("topic") != expect["topic"]:
        fail(f"topic {reply.get('topic')} instead of {expect['topic']}")
    if "figure" in expect:
        wanted = round(float(expect["figure"]))
        computed = {round(float(a)) for a in reply.get("figures") or []}
        if wanted not in computed or wanted not in _amounts(answer):  # computed, and said to the worker
            fail(f"figure {expect['figure']} not stated (computed: {sorted(computed) or 'none'})")
    for word in expect.get("says") or []:
        if word not in answer:
            fail(f"does not say {word!r}")
    for word in expect.get("not_says") or []:
        if word in answer:
            fail(f"says {word!r}")
    if "asks" in expect and reply.get("asking") != expect["asks"]:
        fail(f"asks {reply.get('asking')} instead of {expect['asks']}")
    if "not_asks" in expect and reply.get("asking") == expect["not_asks"]:
        fail(f"asks {expect['not_asks']} again")
    return problems


def stuck(replies: list[dict]) -> bool:
    """The same question three turns running: the worker is trapped."""
    asked = [r.get("asking") for r in replies]
    return any(a and a == b == c for a, b, c in zip(asked, asked[1:], asked[2:], strict=False))


async def run_script(rasa: RasaClient, script: Script) -> Outcome:
    rows = [{"id": n, "conversation": script.path.stem, "text": t["say"]} for n, t in enumerate(script.turns, 1)]
    outcome = Outcome(script, await ask_lines(rasa, rows))
    for number, (turn, reply) in enumerate(zip(script.turns, outcome.replies, strict=True), start=1):
        outcome.failures += [f"turn {number}: {p}" for p in check_turn(turn.get("expect") or {}, reply)]
    if script.never_stuck and stuck(outcome.replies):
        outcome.failures.append("the same question was asked three turns running")
    return outcome


async def run_all(rasa_url: str, scripts: list[Script]) -> list[Outcome]:
    rasa = RasaClient(rasa_url)
    try:
        return [await run_script(rasa, script) for script in scripts]
    finally:
        await rasa.close()


def table(outcomes: list[Outcome]) -> str:
    """The pass/fail table `hotline converse` prints."""
    lines = [f"{'':2} {'conversation':<34} problems"]
    for outcome in outcomes:
        mark = "✓" if outcome.passed else "✗"
        lines.append(f"{mark:2} {outcome.script.path.stem:<34} {'; '.join(outcome.failures)}")
    passed = sum(o.passed for o in outcomes)
    lines.append(f"\n{passed}/{len(outcomes)} conversations pass ({passed / max(len(outcomes), 1):.0%})")
    return "\n".join(lines)
