"""Degraded mode: when Rasa has been unreachable for a while, answer from the knowledge
base directly (BM25 only, no model to load) and say so. The same checks as the turn
policy come first (casework.signals): danger gets the crisis answer and an urgent ticket,
a worker who asks for a person gets a ticket — on the channel the worker wrote from."""

from __future__ import annotations

import logging
from pathlib import Path

from casework import signals
from casework import texts as case_texts
from casework.answering import answer_text
from channels import texts
from foundation.senders import channel_of
from foundation.vocabulary import NORMAL, URGENT
from knowledge.retrieval import Retriever, open_index
from stores.tickets import Tickets

log = logging.getLogger(__name__)
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

    def answer(self, sender: str, text: str) -> str:
        """The answer to `text` from the conversation `sender` (a Rasa sender id)."""
        danger = signals.crisis(text)
        if danger:
            crisis = case_texts.SELF_HARM if danger == "self_harm" else case_texts.VIOLENCE
            try:
                ticket_id = self._create(sender, text, URGENT, "您提到了危险（系统恢复期间）", consent=False)
            except Exception:  # the crisis answer goes out whatever happens to the ticket
                log.exception("urgent ticket not saved in degraded mode")
                return crisis
            return crisis + "\n" + case_texts.urgent_ticket(ticket_id)
        if signals.wants_person(text):
            return self._ticket(sender, text)
        try:
            entry, score = self._search(text)
        except Exception as error:  # no index either: say so, keep the message
            log.error("degraded mode has no index: %s", error)
            return texts.DEGRADED_NOT_FOUND
        if entry is None or score < MIN_SCORE:
            return texts.DEGRADED_NOT_FOUND
        return texts.DEGRADED_NOTICE + "\n" + answer_text(entry)

    def _ticket(self, sender: str, text: str) -> str:
        ticket_id = self._create(sender, text, NORMAL, "您希望律师来跟进（系统恢复期间）", consent=True)
        return case_texts.ticket_opened(ticket_id, by_phone=False)

    def _create(self, sender: str, text: str, urgency: str, reason: str, consent: bool) -> str:
        tickets = Tickets(self.tickets_path)
        try:
            return tickets.create(topic="legal_aid", urgency=urgency, reasons=[reason], facts={}, calculations=[],
                                  transcript=[{"from": "worker", "text": text}], channel=channel_of(sender),
                                  chat_id=sender, consent=consent)
        finally:
            tickets.disconnect()
