"""Turn retrieval results into what the worker reads. Pure functions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.laws import cite
from knowledge.retrieval import Candidate

NLU_WEIGHT = 0.1        # topic score = NLU_WEIGHT * intent confidence + (1 - NLU_WEIGHT) * best retrieval score;
# 0.1 since retrieval carries the entry model: best on a corpus writer held out (docs/evaluation.md)
CONTEXT_BONUS = 0.15    # a follow-up ("那我已经离职了呢？") leans towards the topic being discussed
SURE_SCORE = 0.3        # below this combined score, say we are not sure
TOPIC_FLOOR = 0.2       # the chosen entry must still match the question this much
CLARIFY_MARGIN = 0.05   # two topics this close, and the NLU unsure: ask which one
NLU_CONFIDENT = 0.6


@dataclass(frozen=True)
class Choice:
    """What to do with a question: answer one entry, ask between two, or say not sure."""

    kind: str  # "answer", "clarify" or "unsure"
    candidates: tuple[Candidate, ...] = ()
    topic: str = ""


def topic_scores(ranking: dict[str, float], overall: list[Candidate], context_topic: str | None,
                 ordering: bool = False) -> dict[str, float]:
    """Fuse the NLU's view (intent confidence per topic) with retrieval's (best entry per topic).

    Each is right where the other errs: the NLU generalises over wording, retrieval
    matches the exact question. A follow-up leans towards the topic under discussion.
    `ordering` uses the entries' rank (similarity and the entry model's vote) to order
    topics; otherwise their score, which says how sure we are.
    """
    best_entry: dict[str, float] = {}
    for candidate in overall:
        value = candidate.rank if ordering and candidate.rank is not None else candidate.score
        best_entry[candidate.topic] = max(best_entry.get(candidate.topic, -1.0), value)
    scores = {t: NLU_WEIGHT * ranking.get(t, 0.0) + (1 - NLU_WEIGHT) * best_entry.get(t, 0.0)
              for t in set(ranking) | set(best_entry)}
    if context_topic in scores:
        scores[context_topic] += CONTEXT_BONUS
    return scores


def choose(ranking: dict[str, float], overall: list[Candidate],
           search_topic: Callable[[str], list[Candidate]], context_topic: str | None = None) -> Choice:
    """Pick the topic by fused score, then the best entry within it."""
    scores = topic_scores(ranking, overall, context_topic)
    if not scores:
        return Choice("unsure")
    order = topic_scores(ranking, overall, context_topic, ordering=True)
    ordered = sorted(order, key=order.get, reverse=True)
    best = ordered[0]
    in_topic = search_topic(best)
    if scores[best] < SURE_SCORE or not in_topic or in_topic[0].score < TOPIC_FLOOR:
        return Choice("unsure", tuple(overall[:2]), best)
    if len(ordered) > 1 and max(ranking.values(), default=0.0) < NLU_CONFIDENT:
        second = ordered[1]
        if order[best] - order[second] < CLARIFY_MARGIN:
            other = search_topic(second)
            if other and other[0].score >= TOPIC_FLOOR:
                return Choice("clarify", (in_topic[0], other[0]), best)
    return Choice("answer", (in_topic[0],), best)


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
