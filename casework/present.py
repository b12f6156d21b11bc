"""How figures and facts are shown: to the worker (steps and articles) and to the lawyer
(facts labelled in Chinese, with the worker's own words beside each parsed value)."""

from __future__ import annotations

from casework.fact_keys import KINDS, LABELS
from knowledge.laws import cite

WORDS_KEY = "_words"  # in a ticket's facts: {fact key: the worker's own words}


def explain(result: dict) -> str:
    """A calculation, step by step, with the articles it rests on."""
    lines = [result["title"]]
    lines += [f"{n}. {step}" for n, step in enumerate(result["steps"], start=1)]
    if result.get("citations"):
        lines.append("依据：" + "、".join(cite(law, int(article)) for law, article in result["citations"]))
    lines += result.get("caveats") or []
    return "\n".join(lines)


def citations_of(results: list[dict]) -> list[dict]:
    seen: dict[tuple[str, int], None] = {}
    for result in results:
        for law, article in result.get("citations") or []:
            seen[(law, int(article))] = None
    return [{"law": law, "article": article} for law, article in seen]


def value_text(key: str, value) -> str:
    """A parsed value as a lawyer reads it: 4,500元, 8个月, 是/否."""
    kind = KINDS.get(key, "text")
    if kind == "money":
        return f"{float(value):,.0f}元"
    if kind == "months":
        months = float(value)
        if months >= 12:
            years, rest = divmod(months, 12)
            return f"{int(years)}年{rest:g}个月" if rest else f"{int(years)}年"
        return f"{months:g}个月"
    if kind == "bool":
        return "是" if value else "否"
    if kind == "hours":
        return f"{float(value):g}小时"
    if kind == "days":
        return f"{float(value):g}天"
    if kind == "list":
        return "、".join(str(v) for v in value)
    return str(value)


def fact_rows(facts: dict) -> list[dict]:
    """Rows for the lawyer: label, parsed value, and what the worker actually wrote."""
    words = facts.get(WORDS_KEY) or {}
    rows = []
    for key, value in facts.items():
        if key == WORDS_KEY or value is None:
            continue
        rows.append({"label": LABELS.get(key, key), "value": value_text(key, value), "words": words.get(key, "")})
    return rows
