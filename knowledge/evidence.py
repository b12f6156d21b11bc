"""Load and check the evidence checklists staff edit (knowledge/evidence.yml).

The file names every piece of evidence once (`items`: name, how to get it, which `evidence`
facts mean the worker has it) and, per topic code, the pieces to gather with a rank
(关键 / 重要 / 辅助) and optional fact conditions (`when`). A mistake is reported as an
`EvidenceError` naming the file, the entry and the field, so staff know what to change;
the pure checklist itself is `casework/evidence.py`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge import KNOWLEDGE_DIR, TAXONOMY_FILE

EVIDENCE_FILE = KNOWLEDGE_DIR / "evidence.yml"
RANKS = ("关键", "重要", "辅助")  # most important first
KNOWN = "known"  # a `when` value meaning "the worker said it", whatever they said
MAX_NAME_CHARS = 16  # the name is a button title


class EvidenceError(ValueError):
    """A problem in the evidence file: where it is and what to change."""


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence to gather for a topic."""

    id: str
    name: str
    how: str
    rank: str
    when: tuple[tuple[str, object], ...] = ()  # (fact key, value or KNOWN): all must hold
    facts: tuple[str, ...] = ()                # `evidence` fact values that mean "I have it"


Catalogue = dict[str, tuple[EvidenceItem, ...]]  # topic code -> items, most important first


def _text(value: object, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EvidenceError(f"{where}: field '{field}' must be a non-empty text")
    return value.strip()


def _fields(spec: object, where: str, required: tuple[str, ...], optional: str) -> None:
    """`spec` is a mapping with no field but `required` and `optional` (presence is checked later)."""
    if not isinstance(spec, dict):
        raise EvidenceError(f"{where}: must have the fields {', '.join(required)} (and optionally {optional})")
    unknown = set(spec) - {*required, optional}
    if unknown:
        raise EvidenceError(f"{where}: unknown field '{sorted(unknown)[0]}' (allowed: {', '.join(required)}, {optional})")


def parse_evidence(data: object, file: str, topics: Collection[str],
                   fact_keys: Collection[str] | None = None) -> Catalogue:
    """The checklists in `data` (the parsed YAML); raises EvidenceError at the first problem.
    `fact_keys`, when given, are the only keys a `when` condition may name."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict) or not isinstance(data.get("topics"), dict):
        raise EvidenceError(f"{file}: needs two sections, 'items' and 'topics'")
    defined: dict[str, dict] = {}
    for item_id, spec in data["items"].items():
        where = f"{file}: items → {item_id}"
        _fields(spec, where, ("name", "how"), "facts")
        name = _text(spec.get("name"), where, "name")
        if len(name) > MAX_NAME_CHARS:
            raise EvidenceError(f"{where}: field 'name' is longer than {MAX_NAME_CHARS} characters (it is a button)")
        facts = spec.get("facts") or []
        if not isinstance(facts, list) or not all(isinstance(f, str) and f for f in facts):
            raise EvidenceError(f"{where}: field 'facts' must be a list of texts")
        defined[str(item_id)] = {"name": name, "how": _text(spec.get("how"), where, "how"), "facts": tuple(facts)}
    catalogue: Catalogue = {}
    for topic, entries in data["topics"].items():
        if topic not in topics:
            raise EvidenceError(f"{file}: topics → {topic}: not a topic code of knowledge/taxonomy.yml")
        if not isinstance(entries, list) or not entries:
            raise EvidenceError(f"{file}: topics → {topic}: must be a non-empty list of items")
        items: list[EvidenceItem] = []
        for number, entry in enumerate(entries, start=1):
            where = f"{file}: topics → {topic} → entry {number}"
            _fields(entry, where, ("item", "rank"), "when")
            item_id = entry.get("item")
            if item_id not in defined:
                raise EvidenceError(f"{where}: field 'item': '{item_id}' is not defined under items")
            if any(i.id == item_id for i in items):
                raise EvidenceError(f"{where}: field 'item': '{item_id}' is listed twice")
            if entry.get("rank") not in RANKS:
                raise EvidenceError(f"{where}: field 'rank' must be one of {'、'.join(RANKS)}")
            when = entry.get("when") or {}
            if not isinstance(when, dict):
                raise EvidenceError(f"{where}: field 'when' must map fact keys to values")
            for key, value in when.items():
                if fact_keys is not None and key not in fact_keys:
                    raise EvidenceError(f"{where}: field 'when': '{key}' is not a fact key (casework/fact_keys.py)")
                if not isinstance(value, (bool, int, float, str)):
                    raise EvidenceError(f"{where}: field 'when': the value of '{key}' must be true, false, "
                                        f"a number, a text or '{KNOWN}'")
            items.append(EvidenceItem(item_id, rank=entry["rank"], when=tuple(when.items()), **defined[item_id]))
        catalogue[topic] = tuple(sorted(items, key=lambda i: RANKS.index(i.rank)))
    return catalogue


def load_evidence(path: Path = EVIDENCE_FILE, taxonomy: Path = TAXONOMY_FILE,
                  fact_keys: Collection[str] | None = None) -> Catalogue:
    """The checklists in the evidence file; raises EvidenceError (file, entry, field) on a problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise EvidenceError(f"{path.name}: not valid YAML: {error}") from error
    topics = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["topics"]
    return parse_evidence(data, path.name, set(topics), fact_keys)


@lru_cache(maxsize=1)
def shipped_evidence(fact_keys: frozenset[str] | None = None) -> Catalogue:
    """The shipped file, loaded once per process (what the action server serves)."""
    return load_evidence(fact_keys=fact_keys)
