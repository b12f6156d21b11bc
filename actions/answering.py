"""Turn retrieval results into what the worker reads. Pure functions, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.laws import cite
from knowledge.retrieval import SURE_THRESHOLD, Candidate

TOPIC_CONFIDENT = 0.6       # NLU confidence above which retrieval is restricted to that topic
TOPIC_FLOOR = 0.2           # a topic-restricted match must still score this much
CLARIFY_MARGIN = 0.04       # two entries of different topics this close: ask which one


@dataclass(frozen=True)
class Choice:
    """What to do with a question: answer one entry, ask between two, or say not sure."""

    kind: str  # "answer", "clarify" or "unsure"
    candidates: tuple[Candidate, ...] = ()


def choose(intent: str, confidence: float, topics: set[str], in_topic: list[Candidate],
           overall: list[Candidate], context_topic: str | None = None) -> Choice:
    """Combine the NLU's intent with retrieval.

    A confident topic intent narrows retrieval to that topic (the NLU is better at the
    topic, retrieval at the exact question). Otherwise the best overall match wins,
    unless two topics are too close to call, or nothing is close enough.
    """
    if intent in topics and confidence >= TOPIC_CONFIDENT and in_topic and in_topic[0].score >= TOPIC_FLOOR:
        return Choice("answer", (in_topic[0],))
    if not overall or overall[0].score < SURE_THRESHOLD:
        if context_topic and in_topic and in_topic[0].score >= TOPIC_FLOOR:
            return Choice("answer", (in_topic[0],))
        return Choice("unsure", tuple(overall[:2]))
    first = overall[0]
    runner_up = next((c for c in overall[1:] if c.topic != first.topic), None)
    if runner_up and first.score - runner_up.score < CLARIFY_MARGIN and intent not in topics:
        return Choice("clarify", (first, runner_up))
    return Choice("answer", (first,))


def citation_line(citations: list[dict]) -> str:
    """依据：《劳动合同法》第八十二条、《劳动合同法实施条例》第六条"""
    if not citations:
        return ""
    return "依据：" + "、".join(cite(c["law"], int(c["article"])) for c in citations)


def one_message(text: str) -> str:
    """Rasa splits a text at blank lines into several chat messages; keep it as one."""
    return re.sub(r"\n\s*\n", "\n", text.strip())


def answer_text(entry: dict) -> str:
    """The answer as sent: the entry's answer, its legal basis, and what else we can show."""
    parts = [one_message(entry["answer"])]
    line = citation_line(entry["citations"])
    if line:
        parts.append(line)
    offers = []
    if entry.get("details"):
        offers.append("回复「详细」看更详细的说明")
    if entry["citations"]:
        offers.append("回复「原文」看法条原文")
    if offers:
        parts.append("，".join(offers) + "。")
    return "\n".join(parts)  # one message: Rasa would split "\n\n" into several


def article_text(article: dict) -> str:
    return f"{cite(article['law'], article['number'])}\n{article['text']}"


UNSURE_TEXT = (
    "抱歉，我不太确定您问的是哪方面的问题。能换个说法，多说一点情况吗？比如：在哪里干活、干了多久、"
    "遇到了什么事（没发工资、被辞退、受伤……）。\n如果想直接找工会律师，回复「找律师」。"
)
OUT_OF_SCOPE_TEXT = (
    "这条热线（12351）专门解答劳动和工作方面的问题，比如工资、劳动合同、工伤、社保。"
    "其他法律问题可以拨打12348公共法律服务热线咨询。"
)
