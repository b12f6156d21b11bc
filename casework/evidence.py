"""The evidence checklist of a case, pure: which pieces of evidence a worker should gather
for their problem, most important first, and which of them they said they have.

The checklists come from the knowledge base (knowledge/evidence.yml, loaded by
knowledge/evidence.py) and are passed in; the facts of the case decide which items apply
(`when`) and which are ticked already (the `evidence` the worker named, e.g. "我有考勤记录");
what the worker ticks or unticks with the buttons wins over both (`ticks`).
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.evidence import KNOWN, RANKS, Catalogue, EvidenceItem

BUTTON_PREFIX = "/evidence"             # a tick: /evidence{"item": "bank_statement"}
LIST_PAYLOAD = "/evidence_list"         # the checklist itself
HAVE, MISSING = "✅", "⬜"


def applies(item: EvidenceItem, facts: Mapping) -> bool:
    """Every `when` condition holds in the facts (a condition on a fact not told does not)."""
    for key, wanted in item.when:
        value = facts.get(key)
        if value is None:
            return False
        if wanted == KNOWN:
            continue
        if isinstance(wanted, bool) or isinstance(value, bool):
            if value is not wanted:
                return False
        elif value != wanted:
            return False
    return True


def said_to_have(item: EvidenceItem, facts: Mapping) -> bool:
    named = facts.get("evidence") or []
    return any(kind in named for kind in item.facts)


def checklist(topic: str, facts: Mapping, catalogue: Catalogue, ticks: Mapping[str, bool] | None = None) -> list[dict]:
    """The topic's items that apply to these facts, most important first: id, name, rank,
    how to get it, and whether the worker has it. Empty for a topic without a checklist."""
    ticks = ticks or {}
    rows = []
    for item in catalogue.get(topic, ()):
        if not applies(item, facts):
            continue
        have = ticks[item.id] if item.id in ticks else said_to_have(item, facts)
        rows.append({"id": item.id, "name": item.name, "rank": item.rank, "how": item.how, "have": bool(have)})
    return sorted(rows, key=lambda row: RANKS.index(row["rank"]))


def toggled(ticks: Mapping[str, bool], items: list[dict], item_id: str) -> dict[str, bool]:
    """The ticks after the worker pressed the button of `item_id` (have ↔ not yet)."""
    current = next((row["have"] for row in items if row["id"] == item_id), False)
    return {**ticks, item_id: not current}


def for_lawyer(items: list[dict]) -> list[dict]:
    """What the ticket keeps: the items, ranked, and whether the worker has each."""
    return [{"id": r["id"], "name": r["name"], "rank": r["rank"], "have": r["have"]} for r in items]


def summary(items: list[dict]) -> str:
    """One line for the lawyer: 已有：… ；缺（关键）：…"""
    have = [r["name"] for r in items if r["have"]]
    missing = [f"{r['name']}（{r['rank']}）" for r in items if not r["have"]]
    parts = []
    if have:
        parts.append("已有：" + "、".join(have))
    if missing:
        parts.append("还缺：" + "、".join(missing))
    return "；".join(parts)


def buttons(items: list[dict]) -> list[dict]:
    """One toggling button per item: ✅ when the worker has it, ⬜ when not yet."""
    return [{"title": f"{HAVE if r['have'] else MISSING} {r['name']}",
             "payload": f'{BUTTON_PREFIX}{{"item": "{r["id"]}"}}'} for r in items]
