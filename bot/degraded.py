"""Degraded mode: when Rasa has been unreachable for a while, answer from the knowledge
base directly (BM25 only, no model to load) and say so; a worker who asks for a lawyer
still gets a ticket."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from casework.answering import answer_text
from desk.tickets import Tickets
from knowledge.retrieval import Retriever, open_index

log = logging.getLogger(__name__)
NOTICE = "（系统正在恢复，下面是自动检索到的答案，可能不够准确；恢复后可以再问我一次。）"
NOT_FOUND = "系统正在恢复，暂时答不了这个问题。您的消息已经保存；着急可以拨打12351，或者回复「找律师」。"
WANTS_LAWYER = re.compile(r"找律师|要律师|转人工|人工服务|真人")
MIN_SCORE = 0.35


class DegradedAnswers:
    def __init__(self, index_path: Path, tickets_path: Path):
        self.index_path = index_path
        self.tickets_path = tickets_path
        self._retriever: Retriever | None = None

    def _search(self, text: str):
        if self._retriever is None:
            self._retriever = Retriever(open_index(self.index_path), None)
        ranked = self._retriever.search(text, k=1, mode="bm25")
        return (self._retriever.entry(ranked[0].entry_id), ranked[0].score) if ranked else (None, 0.0)

    def answer(self, chat_id: int, text: str) -> str:
        if WANTS_LAWYER.search(text):
            return self._ticket(chat_id, text)
        try:
            entry, score = self._search(text)
        except Exception as error:  # no index either: say so, keep the message
            log.error("degraded mode has no index: %s", error)
            return NOT_FOUND
        if entry is None or score < MIN_SCORE:
            return NOT_FOUND
        return NOTICE + "\n" + answer_text({**entry, "citations": _citations(entry)})

    def _ticket(self, chat_id: int, text: str) -> str:
        tickets = Tickets(self.tickets_path)
        try:
            ticket_id = tickets.create(topic="legal_aid", urgency="normal", reasons=["您希望律师来跟进（系统恢复期间）"],
                                       facts={}, calculations=[], transcript=[{"from": "worker", "text": text}],
                                       channel="telegram", chat_id=str(chat_id), consent=True)
        finally:
            tickets.disconnect()
        return f"好的，已经转给工会律师，登记编号 {ticket_id}。律师会在这个对话里回复您（免费）。"


def _citations(entry: dict) -> list[dict]:
    citations = entry["citations"]
    return json.loads(citations) if isinstance(citations, str) else citations
