"""The knowledge base as the turn policy sees it (`casework.policy.Library`): entries,
articles, and the choice of an answer (NLU ranking fused with retrieval)."""

from __future__ import annotations

from casework import answering, signals
from casework.fact_keys import KINDS
from knowledge.evidence import Catalogue, shipped_evidence
from knowledge.laws import law_names
from knowledge.retrieval import Retriever

_FACT_KEYS = frozenset(KINDS)  # built once: shipped_evidence's cache key, hashed on every checklist


class KnowledgeLibrary:
    """Backs the policy's `Library` with the live retriever of this action server.

    One per turn: the policy may choose several times for one message (a topic its facts
    point to, a button for each other problem named), and the message is encoded and
    ranked once."""

    def __init__(self, retriever: Retriever):
        self.retriever = retriever
        self._ranked: dict[str, list[answering.Candidate]] = {}

    def _ranking(self, text: str) -> list[answering.Candidate]:
        if text not in self._ranked:
            self._ranked[text] = self.retriever.search(text, k=len(self.retriever.index.entry_ids))
        return self._ranked[text]

    def choose(self, text: str, ranking: dict[str, float], context_topic: str | None,
               topic: str | None = None) -> answering.Choice:
        if not ranking and signals.says_nothing(text):
            return answering.Choice("unsure")  # "同意", "啊啊啊嗯嗯": too little to look anything up
        ranked = self._ranking(text)

        def in_topic(t: str) -> list[answering.Candidate]:
            return [c for c in ranked if c.topic == t][:3]

        if topic:
            found = in_topic(topic)
            if found:
                return answering.Choice("answer", (found[0],), topic)
        return answering.choose(ranking, ranked[:10], in_topic, context_topic)

    def entry(self, entry_id: str) -> dict | None:
        return self.retriever.entry(entry_id)

    def article(self, law: str, number: int) -> dict | None:
        return self.retriever.article(law, number)

    def law_names(self) -> list[str]:
        return law_names()

    def evidence(self) -> Catalogue:
        """The evidence checklists (knowledge/evidence.yml), checked against the fact keys."""
        return shipped_evidence(_FACT_KEYS)
