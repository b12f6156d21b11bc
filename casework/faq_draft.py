"""A resolved ticket as a draft FAQ entry, for staff to review. Pure.

The question is the worker's own words, the answer the lawyer's replies, the topic the
ticket's, and the citations every article the lawyer, the assistant's answers and the
calculations named — only articles that exist in the law texts the caller passes, never
one made up. The draft has the shape of a knowledge/faq/<topic>.yml entry, but is not yet
one: `reviewed` says 待核对 and the paraphrases are few, so `hotline kb check` refuses it
until staff have checked and completed it (docs/staff-guide.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import yaml

from casework import signals
from casework.article_refs import find_refs
from foundation.privacy import mask
from foundation.vocabulary import CLOSED, RESOLVED

NOT_REVIEWED = "待核对"
FALLBACK_TOPIC = "other_labour"


class DraftError(ValueError):
    """The ticket cannot become a draft (with the reason in Chinese)."""


def worker_words(transcript: list[dict]) -> list[str]:
    """What the worker wrote about the case: no button presses, commands, attachments, and no
    "找律师", "好的", "就在这里", "算了" — the hand-over, not the problem. Distinct, in order,
    personal numbers masked."""
    kept: dict[str, None] = {}
    for line in transcript:
        text = " ".join(str(line.get("text") or "").split())
        if line.get("from") != "worker" or not text or text.startswith(("/", "[")):
            continue
        if (signals.says_nothing(text) or signals.asks_for_person_only(text) or signals.consents(text)
                or signals.refuses(text) or signals.stops(text)
                or (len(text) <= 12 and (signals.contact_in_chat(text) or signals.contact_by_phone(text)))):
            continue
        kept[mask(text)] = None
    return list(kept)


def citations(ticket: dict, articles: Collection[tuple[str, int]], law_names: list[str]) -> list[dict]:
    """Articles named by the lawyer, then the calculations, then the assistant, that exist."""
    lines = ticket.get("transcript") or []
    found: list[tuple[str, int]] = []
    for line in lines:
        if line.get("from") == "lawyer":
            found += find_refs(str(line.get("text") or ""), law_names)
    for calculation in ticket.get("calculations") or []:
        found += [(str(law), int(article)) for law, article in calculation.get("citations") or []]
    for line in lines:
        if line.get("from") == "assistant":
            found += find_refs(str(line.get("text") or ""), law_names)
    return [{"law": law, "article": article} for law, article in dict.fromkeys(found) if (law, article) in articles]


def draft_entry(ticket: dict, articles: Collection[tuple[str, int]], law_names: list[str],
                topics: Collection[str]) -> dict:
    """The entry, field for field as in knowledge/faq/<topic>.yml."""
    if not ticket.get("resolved") or ticket.get("status") not in (RESOLVED, CLOSED):
        raise DraftError(f"工单 {ticket.get('id')} 还没有解决，解决后才能生成FAQ草稿")
    answer = "\n".join(mask(str(line["text"]).strip()) for line in ticket.get("transcript") or []
                       if line.get("from") == "lawyer" and str(line.get("text") or "").strip())
    if not answer:
        raise DraftError(f"工单 {ticket['id']} 没有律师的回复，没有可以作为回答的内容")
    words = worker_words(ticket.get("transcript") or [])
    if not words:
        raise DraftError(f"工单 {ticket['id']} 里没有职工描述问题的原话")
    topic = ticket.get("topic") if ticket.get("topic") in topics else FALLBACK_TOPIC
    entry = {"id": f"draft-{ticket['id'].lower()}", "topic": topic, "question": words[0],
             "paraphrases": words[1:], "answer": answer,
             "citations": citations(ticket, articles, law_names), "reviewed": NOT_REVIEWED}
    reasons = "；".join(ticket.get("reasons") or [])
    if reasons:
        entry["lawyer_when"] = reasons
    return entry


def _scalar(value: object) -> str:
    """One value as YAML would write it on one line (quoted when it has to be)."""
    return yaml.safe_dump(value, allow_unicode=True, width=10**9).removesuffix("\n...\n").strip()


def to_yaml(entry: dict, ticket_id: str, today: dt.date) -> str:
    """The draft file: a note for staff, then the entry in the FAQ files' own layout."""
    lines = [f"# FAQ 草稿：由工单 {ticket_id} 生成（{today.isoformat()}）。助手不读取 drafts 文件夹，这条还没有生效。",
             "# 审核后再用：删去个人情况（姓名、单位、电话、具体金额和日期），把 question 改成通用问法，",
             "# 补足至少 8 条 paraphrases，逐条核对 citations，reviewed 填上核对日期，",
             f"# 然后把条目移到 knowledge/faq/{entry['topic']}.yml，运行 hotline kb check。",
             f"- id: {_scalar(entry['id'])}",
             f"  topic: {_scalar(entry['topic'])}",
             f"  question: {_scalar(entry['question'])}",
             "  paraphrases:" + ("" if entry["paraphrases"] else " []  # 职工只说了一句：请补足至少 8 条")]
    lines += [f"    - {_scalar(p)}" for p in entry["paraphrases"]]
    lines.append("  answer: |")
    lines += [f"    {line}" if line.strip() else "" for line in entry["answer"].splitlines()]
    lines.append("  citations:" + ("" if entry["citations"] else " []  # 律师的回复里没有提到法条：请补上依据"))
    lines += [f"    - {{law: {_scalar(c['law'])}, article: {c['article']}}}" for c in entry["citations"]]
    if entry.get("lawyer_when"):
        lines.append(f"  lawyer_when: {_scalar(entry['lawyer_when'])}")
    lines.append(f"  reviewed: {_scalar(entry['reviewed'])}")
    return "\n".join(lines) + "\n"
