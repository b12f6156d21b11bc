"""The rasa-sdk adapter: every worker message runs `action_turn`, which hands it to the pure
turn policy (casework/policy.py) and carries out what it decides.

Rasa does the understanding (intent ranking) and keeps the policy's state in one slot,
`casework`; no Rasa form holds the conversation, so a message is treated the same
whatever is going on. Every reply also carries a machine-readable `custom` payload
(foundation.vocabulary.meta_message: topic, FAQ id, citations, escalation, figures); the
bot ignores it, `hotline ask` and the evaluation read it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cases import CaseNotSaved, open_case
from actions.knowledge_base import knowledge_base
from actions.library import KnowledgeLibrary
from casework import texts
from casework.escalation import Thresholds
from casework.hours import after_hours_note, official_calendar
from casework.policy import Incoming, State, TicketRequest, Turn, respond
from foundation import clock
from foundation.settings import settings
from foundation.vocabulary import URGENT, meta_message
from knowledge.faq import load_topics
from knowledge.gaps import record_gap

log = logging.getLogger(__name__)
TOPICS = set(load_topics())
STATE_SLOT = "casework"


def incoming(tracker: Tracker) -> Incoming:
    """The latest message as the policy reads it: text, intent, topic ranking, button entities."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    name, confidence = intent.get("name") or "", float(intent.get("confidence") or 0.0)
    ranking = {item["name"]: float(item.get("confidence") or 0.0)
               for item in message.get("intent_ranking") or [] if item.get("name") in TOPICS}
    if name in TOPICS:
        ranking[name] = max(ranking.get(name, 0.0), confidence)
    entities = {e["entity"]: e.get("value") for e in message.get("entities") or [] if e.get("entity")}
    config = settings()
    return Incoming(message.get("text") or "", name, confidence, ranking, entities,
                    thresholds=Thresholds(config.large_sum, config.many_workers))


def transcript(tracker: Tracker, limit: int = 30) -> list[dict]:
    """The conversation so far, as the lawyer will read it."""
    lines = [{"from": "worker" if e["event"] == "user" else "assistant", "text": e["text"]}
             for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")]
    return lines[-limit:]


OpenTicket = Callable[[str, TicketRequest, State, list[dict]], Awaitable[str]]


async def open_ticket(sender: str, request: TicketRequest, state: State, lines: list[dict]) -> str:
    """Open the case in the desk; raises CaseNotSaved if the desk cannot take it."""
    facts = {**state.facts, "contact_phone": request.phone} if request.phone else state.facts
    return await open_case(settings().cases_db, sender, request.topic, request.urgency, list(request.reasons), facts,
                     list(request.calculations), lines, consent=request.consent,
                     contact=f"phone {request.phone}" if request.phone else "chat", evidence=list(request.evidence))


class ActionTurn(Action):
    """Answer one worker message, whatever the conversation is doing (casework.policy)."""

    def __init__(self, library: Callable[[], Any] | None = None, tickets: OpenTicket = open_ticket,
                 today: Callable[[], dt.date] = clock.today, lawyer_score: Callable[[str], float] | None = None,
                 now: Callable[[], dt.datetime] = clock.now):
        self.library = library or (lambda: KnowledgeLibrary(knowledge_base().retriever()))
        self.tickets = tickets
        self.today = today
        self.now = now  # the after-hours sentence: when lawyers are back (casework/hours.py)
        self.lawyer_score = lawyer_score or (lambda text: knowledge_base().lawyer_score(text))

    def name(self) -> str:
        return "action_turn"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        state = State.from_dict(tracker.get_slot(STATE_SLOT))
        message = incoming(tracker)
        if not message.text.startswith("/"):  # a button's payload says nothing about the case
            message = replace(message, lawyer_score=self.lawyer_score(message.text))
        turn = respond(state, message, self.library(), self.today())
        if turn.ticket is not None:
            await self._carry_out(turn, tracker)
        if turn.meta.get("unsure") and message.intent != "out_of_scope":
            record_gap(settings().gaps_db, message.text, turn.meta.get("topic") or "other_labour",
                       float(turn.meta.get("score") or 0.0), "unsure")
        self._say(dispatcher, turn)
        return [SlotSet(STATE_SLOT, turn.state.to_dict())]

    async def _carry_out(self, turn: Turn, tracker: Tracker) -> None:
        """Open the ticket the policy asked for and tell the worker its number (or that it failed)."""
        request = turn.ticket
        try:
            ticket_id = await self.tickets(tracker.sender_id, request, turn.state, transcript(tracker))
        except CaseNotSaved:
            log.exception("case not saved")
            if request.consent:  # the crisis answer goes out whatever happens to the ticket
                turn.texts.append(texts.CASE_NOT_SAVED)
            return
        turn.state.ticket_id = ticket_id
        turn.meta["ticket_id"] = ticket_id
        # Urgent cases are not told to wait for opening hours: their answer already says whom to call now.
        back = "" if request.urgency == URGENT else after_hours_note(official_calendar(), self.now())
        turn.texts.append(texts.ticket_opened(ticket_id, bool(request.phone), back) if request.consent
                          else texts.urgent_ticket(ticket_id))

    @staticmethod
    def _say(dispatcher: CollectingDispatcher, turn: Turn) -> None:
        """One chat message (Rasa would split blank lines into several), buttons on it."""
        text = "\n".join(t for t in turn.texts if t)
        if turn.buttons:
            dispatcher.utter_message(text=text, buttons=turn.buttons)
        else:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(json_message=meta_message(turn.meta))
