"""The turn policy: one ordered set of checks for every message, whatever the conversation
is doing (answering, asking for a fact, asking consent or contact, a ticket open).

1. danger (self-harm, violence) → the crisis answer and an urgent case, at once;
2. the hand-over: a wish for a person → consent question → contact question → ticket;
3. stop → no more questions, politely;
4. a new question or topic → answer it (a pending question is parked, and we say so);
5. otherwise the message is an answer: every fact in it is kept, figures are shown as soon
   as they can be computed, and at most one question is asked.

A question already answered is never asked again; one that could not be read is asked once
more with an example, then skipped. `respond` is pure: retrieval comes in through the
`Library` the adapter passes, and a ticket to open comes back as a `TicketRequest` the
adapter carries out (then adds `texts.ticket_opened`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Protocol

from casework import answering, documents, figures, signals, texts
from casework import evidence as case_evidence
from casework import facts as case_facts
from casework import reminders as case_reminders
from casework.answering import Choice
from casework.article_refs import find_refs
from casework.escalation import URGENT, Decision, Thresholds, assess, combine
from casework.fact_keys import KINDS, LABELS
from casework.present import WORDS_KEY, citations_of, explain
from knowledge.evidence import Catalogue

SMALL_TALK = {"greet": texts.GREET, "goodbye": texts.GOODBYE, "thanks": texts.THANKS,
              "bot_challenge": texts.BOT_CHALLENGE, "deny": texts.ANYTHING_ELSE}
CONFIDENT = 0.6
MAX_ASKS = 2            # a question is asked at most twice (the second time with an example)
# The topic the facts point to (_fact_led_topic) wins unless retrieval prefers another entry by more than
# this: "每天跑十来个小时" is an overtime fact, but a rider let go by a platform asks about platform work.
# Chosen on corpus writer w3 held out of every model (docs/evaluation.md), not on the dev set.
LED_MARGIN = 0.1
FIGURE_TOPICS = {"wage_arrears", "no_written_contract", "dismissal_severance", "overtime", "probation",
                 "work_injury", "other_labour"}


class Library(Protocol):
    """What the policy needs from the knowledge base (the adapter provides it)."""

    def choose(self, text: str, ranking: dict[str, float], context_topic: str | None,
               topic: str | None = None) -> Choice: ...

    def entry(self, entry_id: str) -> dict | None: ...

    def article(self, law: str, number: int) -> dict | None: ...

    def law_names(self) -> list[str]: ...

    def evidence(self) -> Catalogue: ...  # the evidence checklists (knowledge/evidence.yml); {} offers none


@dataclass(frozen=True)
class Incoming:
    """One worker message as the NLU read it."""

    text: str
    intent: str = ""
    confidence: float = 0.0
    ranking: dict[str, float] = field(default_factory=dict)  # topic intent → confidence
    entities: dict[str, str] = field(default_factory=dict)  # from buttons: faq_id, contact
    lawyer_score: float = 0.0  # the lawyer model's probability for this message (escalation.assess)
    thresholds: Thresholds = Thresholds()  # large sum, many workers: policy the adapter sets (Settings)


@dataclass
class State:
    """Everything the policy remembers between turns (kept in one Rasa slot)."""

    facts: dict = field(default_factory=dict)
    topic: str = ""
    faq_id: str = ""
    citations: list = field(default_factory=list)
    asking: str = ""                                  # the fact key asked last turn
    asked: dict = field(default_factory=dict)         # fact key → times asked
    skipped: list = field(default_factory=list)       # fact keys not to ask again
    quiet: list = field(default_factory=list)         # topics where the worker said stop
    shown: list = field(default_factory=list)         # "title=amount" of figures shown
    stage: str = ""                                   # "", "consent", "contact", "phone"
    phone: str = ""
    phone_tries: int = 0
    offered: list = field(default_factory=list)       # escalation codes already offered
    ticket_id: str = ""
    unhelpful: int = 0
    concern: dict = field(default_factory=dict)       # why a lawyer is needed, over the whole conversation
    evidence: dict = field(default_factory=dict)      # evidence item id → the worker has it (their own ticks)
    reminders: list = field(default_factory=list)     # deadlines the worker asked to be reminded of
    documents: list = field(default_factory=list)     # document kinds drafted; "offer" once one was offered

    def concerns(self) -> Decision:
        """Every reason for a lawyer given so far (escalation.Decision, kept as a dict)."""
        if not self.concern:
            return Decision(False)
        return Decision(True, self.concern["urgency"], tuple(self.concern["reasons"]), tuple(self.concern["codes"]))

    @classmethod
    def from_dict(cls, data: dict | None) -> State:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TicketRequest:
    """A case for the lawyers; the adapter opens it and tells the worker its number."""

    topic: str
    urgency: str
    reasons: tuple[str, ...]
    consent: bool
    phone: str = ""
    calculations: tuple[dict, ...] = ()    # every figure the facts allow, for the lawyer
    evidence: tuple[dict, ...] = ()        # the evidence checklist with the worker's ticks (casework.evidence)


@dataclass
class Turn:
    """What to say (texts, with buttons on the last), what to remember, what to open."""

    texts: list[str] = field(default_factory=list)
    buttons: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    state: State = field(default_factory=State)
    ticket: TicketRequest | None = None


def respond(state: State, message: Incoming, library: Library, today: dt.date) -> Turn:
    """The next turn of the conversation. See the module docstring for the order of checks."""
    text = message.text.strip()
    button = _button(state, message, library, today)
    if button is not None:
        return button
    new_facts, words = _read_facts(state, text, today)
    state = replace(state, facts=_merge(state.facts, new_facts, words))
    state = _remember(state, _assess(state, message, today, state.unhelpful))
    for check in (_danger, _handover, _wants_person, _stop, _document, _small_talk, _evidence_asked):
        turn = check(state, message, library, today, new_facts)
        if turn is not None:
            return turn
    if state.stage in ("consent", "contact"):
        state = replace(state, stage="")  # the worker moved on: the hand-over waits for "找律师"
    return _answer_or_facts(state, message, library, today, new_facts)


def _read_facts(state: State, text: str, today: dt.date) -> tuple[dict, dict]:
    """Every fact in the message; a correction ("不对，是4年") is read for the facts given before."""
    found, words = case_facts.extract_with_words(text, today, state.asking or None)
    money = [k for k in found if KINDS.get(k) == "money"]
    if KINDS.get(state.asking) == "money" and state.asking not in found and len(money) == 1:
        # "一个月就发6千" answering "试用期每个月实际发了多少钱？": the sum we asked for
        found[state.asking] = found.pop(money[0])
        words[state.asking] = words.pop(money[0], "")
    if found or state.asking or not case_facts.is_correction(text):
        return found, words
    for key in reversed(list(state.facts.get(WORDS_KEY) or {})):
        found, words = case_facts.extract_with_words(text, today, key)
        if key in found:
            return found, words
    return {}, {}


# --- 0. buttons ---------------------------------------------------------------------------

def _button(state: State, message: Incoming, library: Library, today: dt.date) -> Turn | None:
    extra = _evidence_or_reminder(state, message, library, today)  # payloads Rasa has no intent for
    if extra is not None:
        return extra
    if message.intent == "handoff":
        contact = message.entities.get("contact", "chat")
        if contact == "phone" and not state.phone:
            return _ask_phone(replace(state, stage="phone"))
        return _open_ticket(state, today, library)
    if message.intent == "choose_faq" and message.entities.get("faq_id"):
        entry = library.entry(message.entities["faq_id"])
        if entry:
            return _answer_entry(replace(state, asking=""), entry, message, library, today, {}, [])
    return None


# --- 1. danger ----------------------------------------------------------------------------

def _danger(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    kind = signals.crisis(message.text)
    if kind is None:
        return None
    decision = _assess(state, message, today, state.unhelpful, learned=False)  # the crisis gives its own reason
    reasons = decision.reasons or ("您提到了危险",)
    state = replace(state, asking="", stage="")
    topic = _best_topic(state, message, "wage_arrears")
    turn = Turn([texts.SELF_HARM if kind == "self_harm" else texts.VIOLENCE], state=state)
    turn.ticket = TicketRequest(topic, URGENT, tuple(reasons), consent=False,
                                calculations=tuple(_figures_for(state, topic, today)),
                                evidence=tuple(case_evidence.for_lawyer(_checklist(state, library, topic))))
    turn.meta = _meta(state, escalate=True, urgency=URGENT, reasons=reasons, crisis=kind, topic=topic)
    return turn


# --- 2. the hand-over ---------------------------------------------------------------------

def _handover(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    """Consent and contact, in the worker's own words; anything else falls through."""
    text = message.text
    phone = case_facts.parse_phone(text)
    if state.stage in ("consent", "contact") and phone:
        return _open_ticket(replace(state, phone=phone), today, library)
    if state.stage == "phone":
        if phone:
            return _open_ticket(replace(state, phone=phone), today, library)
        if signals.refuses(text) or signals.stops(text) or signals.contact_in_chat(text):
            return _open_ticket(replace(state, stage=""), today, library)
        if state.phone_tries == 0 and not signals.looks_like_question(text):
            return _reply(replace(state, phone_tries=1), texts.PHONE_AGAIN)
        return _open_ticket(replace(state, stage=""), today, library)  # never trapped: the chat it is
    if state.stage in ("consent", "contact") and signals.refuses(text):
        return _reply(replace(state, stage=""), texts.HANDOFF_DECLINED)
    if state.stage == "contact" and (signals.contact_in_chat(text) or signals.consents(text)):
        return _open_ticket(state, today, library)
    if state.stage in ("consent", "contact") and signals.contact_by_phone(text):
        return _ask_phone(replace(state, stage="phone"))
    if state.stage == "consent" and (signals.consents(text) or signals.wants_person(text)):
        if signals.contact_in_chat(text):
            return _open_ticket(state, today, library)
        turn = _reply(replace(state, stage="contact"), texts.CONTACT_QUESTION, escalate=True, asks_contact=True)
        turn.buttons = texts.CONTACT_BUTTONS
        return turn
    return None


def _wants_person(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    asked = signals.asks_for_person_only(message.text) or (
        message.intent == "request_lawyer" and not signals.ABOUT_LAWYERS.search(message.text)
        and len(message.text) <= 2 * signals.PLAIN_REQUEST_CHARS)
    if not asked:
        return None  # a question about lawyers, or a whole case: answered, and a lawyer offered if needed
    if state.ticket_id:
        return _reply(state, texts.ALREADY_WITH_LAWYER.format(ticket_id=state.ticket_id))
    return _ask_consent(state, message)


def _ask_consent(state: State, message: Incoming | None = None) -> Turn:
    state = replace(state, stage="consent", asking="")
    decision = state.concerns()
    turn = Turn([texts.CONSENT_QUESTION], texts.CONSENT_BUTTONS, state=state)
    turn.meta = _meta(state, escalate=True, urgency=decision.urgency, reasons=decision.reasons or ("您希望律师来跟进",),
                      topic=_best_topic(state, message, "legal_aid") if message else state.topic)
    return turn


def _best_topic(state: State, message: Incoming, default: str) -> str:
    """The topic under discussion, else the NLU's best topic for this message, else `default`."""
    if state.topic and state.topic != "out_of_scope":
        return state.topic
    ranked = [t for t in sorted(message.ranking, key=message.ranking.get, reverse=True) if t != "out_of_scope"]
    return ranked[0] if ranked and message.ranking[ranked[0]] >= 0.3 else default


def _ask_phone(state: State) -> Turn:
    return _reply(replace(state, asking=""), texts.PHONE_QUESTION, escalate=True, asks_contact=True)


def _open_ticket(state: State, today: dt.date, library: Library | None = None) -> Turn:
    """Consent given (a crisis case is opened by `_danger`, without waiting for it)."""
    decision = state.concerns()
    reasons = decision.reasons or ("您希望律师来跟进",)
    state = replace(state, stage="", asking="", phone_tries=0)
    topic = state.topic or "legal_aid"
    turn = Turn([], state=state)
    turn.ticket = TicketRequest(topic, decision.urgency, tuple(reasons), True, state.phone,
                                tuple(_figures_for(state, topic, today)),
                                tuple(case_evidence.for_lawyer(_checklist(state, library, topic))))
    turn.meta = _meta(state, escalate=True, urgency=decision.urgency, reasons=reasons)
    return turn


# --- 3. stop, a document, and small talk ---------------------------------------------------

def _document(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    """"帮我写仲裁申请书": the document is drafted from the facts and figures so far; the adapter
    renders it (meta `document`: kind, topic, facts, calculations) and sends the files."""
    kind = signals.wants_document(message.text)
    if kind is None:
        return None
    topic = _best_topic(state, message, "other_labour")
    results = _figures_for(state, topic, today)
    drafted = documents.build(kind, topic, _plain(state.facts), results, today)
    said = [texts.document_drafted(drafted.title)]
    if kind == "arbitration" and not drafted.claims:
        said.append(texts.DOCUMENT_NO_AMOUNTS)
    if drafted.warning:
        said.append(drafted.warning)
    state = replace(state, asking="", stage="" if state.stage in ("consent", "contact") else state.stage,
                    documents=[*state.documents, kind])
    turn = _reply(state, "\n".join(said))
    turn.meta.update(topic=topic, document={"kind": kind, "topic": topic, "facts": _plain(state.facts),
                                            "calculations": results})
    return turn


def _offer_document(turn: Turn, results: list[dict]) -> None:
    """After a sum in a figure topic, the application is offered once, as a button."""
    state = turn.state
    owed = any(r.get("key") in documents.CLAIM_WORDS and isinstance(r.get("amount"), (int, float))
               and r["amount"] > 0 for r in results)
    if not owed or "offer" in state.documents or state.stage or state.topic not in FIGURE_TOPICS:
        return
    turn.texts.append(texts.DOCUMENT_OFFER)
    turn.buttons = [*turn.buttons, texts.DOCUMENT_BUTTON]
    turn.state = replace(state, documents=[*state.documents, "offer"])


def _stop(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    if not (signals.stops(message.text) or message.intent == "stop_form") or new_facts:
        return None
    if state.asking:
        quiet = [*state.quiet, state.topic] if state.topic else state.quiet
        return _reply(replace(state, asking="", quiet=quiet, stage=""), texts.STOPPED)
    return _reply(replace(state, stage=""), texts.ANYTHING_ELSE)


def _small_talk(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    """Greetings, thanks, 原文 and 详细 — only when the message is nothing more than that."""
    plain = signals.small_talk(message.text)
    if plain and not new_facts:
        return _reply(state, SMALL_TALK[plain])
    if new_facts or message.confidence < CONFIDENT or (state.asking and message.intent == "deny"):
        return None
    if message.intent in SMALL_TALK and not signals.looks_like_question(message.text):
        return _reply(replace(state, stage="" if message.intent == "deny" else state.stage),
                      SMALL_TALK[message.intent])
    if message.intent == "ticket_status":
        text = (texts.TICKET_STATUS_OPEN.format(ticket_id=state.ticket_id) if state.ticket_id
                else texts.TICKET_STATUS)
        return _reply(state, text)
    if message.intent == "ask_article":
        return _show_article(state, message.text, library)
    if message.intent == "ask_details" or (message.intent == "affirm" and state.faq_id and not state.asking):
        return _show_details(state, library)
    return None


def _show_article(state: State, text: str, library: Library) -> Turn:
    default_law = state.citations[0]["law"] if state.citations else "劳动合同法"
    refs = find_refs(text, library.law_names(), default_law) or [(c["law"], int(c["article"])) for c in state.citations]
    shown = [a for a in (library.article(law, n) for law, n in refs[:3]) if a]
    if shown:
        reply = "\n".join(answering.article_text(a) for a in shown)
    elif refs:
        reply = texts.article_not_found(*refs[0])
    else:
        reply = texts.ARTICLE_HELP
    turn = _reply(state, reply)
    turn.meta["citations"] = [{"law": a["law"], "article": a["number"]} for a in shown]
    return turn


def _show_details(state: State, library: Library) -> Turn:
    entry = library.entry(state.faq_id) if state.faq_id else None
    if entry and entry.get("details"):
        return _reply(state, answering.one_message(entry["details"]))
    return _reply(state, texts.NO_DETAILS if entry else texts.ASK_FIRST)


# --- 4 and 5. a new question, or an answer --------------------------------------------------

def _answer_or_facts(state: State, message: Incoming, library: Library, today: dt.date,
                     new_facts: dict) -> Turn:
    text = message.text
    # Where the worker works, or what evidence they have, does not answer our question.
    new_facts = {k: v for k, v in new_facts.items() if k not in ("province", "city", "employer", "evidence")} \
        if signals.looks_like_question(text) else new_facts
    topic_intent = message.intent in message.ranking and message.confidence >= CONFIDENT
    new_question = signals.looks_like_question(text) or (topic_intent and not new_facts)
    if state.asking and state.asking not in new_facts and not signals.asks_amount(text):
        if not new_facts and signals.skips(text):
            skipped = [*state.skipped, state.asking]
            return _follow_up(replace(state, asking="", skipped=skipped), today, [texts.SKIPPED])
        if new_question:  # "辞职要提前多久跟公司说" while we wait for the overtime hours: a question of its own
            return _lookup(replace(state, asking=""), message, library, today, new_facts, suffix=[texts.PARKED])
        if not new_facts:
            return _not_read(state, today)
    if state.topic not in ("", "out_of_scope") and not _other_topic(state, text) \
            and (signals.asks_amount(text) or (new_facts and not signals.looks_like_question(text))):
        return _facts_turn(state, message, today, new_facts, asked_amount=signals.asks_amount(text))
    return _lookup(replace(state, asking=""), message, library, today, new_facts)


# Facts that only one figure uses say which problem the worker has, whatever the wording.
FACT_TOPICS = (("disability_grade", "work_injury"), ("injured", "work_injury"), ("probation_wage", "probation"),
               ("unused_leave_days", "other_labour"), ("overtime_hours_per_day", "overtime"), ("overtime_hours_per_month", "overtime"),
               ("rest_day_hours_per_week", "overtime"), ("rest_day_hours_per_month", "overtime"),
               ("holiday_hours", "overtime"), ("dismissed", "dismissal_severance"))


def _fact_led_topic(new_facts: dict, message: Incoming, choice: Choice) -> str | None:
    """The topic the message's own facts point to, when the NLU is not sure of another.
    An injury leads whatever the NLU says: health and its deadlines come first."""
    if (new_facts.get("injured") or new_facts.get("disability_grade")) and choice.topic != "work_injury":
        return "work_injury"
    if choice.kind == "answer" and message.ranking.get(choice.topic, 0.0) >= 0.9:
        return None
    for key, topic in FACT_TOPICS:
        if new_facts.get(key) and topic != choice.topic:
            return topic
    named = signals.issues(message.text)
    unsure = message.ranking.get(choice.topic, 0.0) < CONFIDENT
    if len(named) == 1 and named[0][0] != choice.topic and \
            (named[0][0] in ("work_injury", "dismissal_severance") or (unsure and named[0][0] == "wage_arrears")):
        return named[0][0]
    if new_facts.get("written_contract") is False and choice.topic not in ("no_written_contract", "wage_arrears") \
            and not new_facts.get("dismissed"):
        return "no_written_contract"
    return None


def _strength(candidate) -> float:
    """How strongly retrieval prefers an entry (its rank: similarity plus the entry model's vote)."""
    return candidate.rank if candidate.rank is not None else candidate.score


def _other_topic(state: State, text: str) -> bool:
    named = [topic for topic, _ in signals.issues(text)]
    return bool(named) and state.topic not in named


def _not_read(state: State, today: dt.date) -> Turn:
    key = state.asking
    if state.asked.get(key, 0) >= MAX_ASKS:
        return _follow_up(replace(state, asking="", skipped=[*state.skipped, key]), today, [texts.SKIPPED])
    return _ask(state, key, again=True, lead=[texts.NOT_READ.format(label=LABELS.get(key, ""))])


def _lookup(state: State, message: Incoming, library: Library, today: dt.date, new_facts: dict,
            prefix: list[str] | None = None, suffix: list[str] | None = None) -> Turn:
    """Find the answer: the most serious of several problems named, else the best match."""
    named = signals.issues(message.text)
    # An injury named beside other problems is answered first: health and its deadlines come first.
    forced = "work_injury" if len(named) > 1 and named[0][0] == "work_injury" else None
    context = state.topic if state.topic not in ("", "out_of_scope") else None
    choice = library.choose(message.text, message.ranking, context, topic=forced)
    led = None if forced else _fact_led_topic(new_facts, message, choice)
    if led:
        led_choice = library.choose(message.text, message.ranking, context, topic=led)
        if choice.kind != "answer" or led == "work_injury" or not led_choice.candidates \
                or _strength(choice.candidates[0]) - _strength(led_choice.candidates[0]) <= LED_MARGIN:
            choice = led_choice
    if choice.kind == "clarify" and _assess(state, message, today).escalate:
        choice = Choice("answer", choice.candidates[:1], choice.topic)  # a case for a lawyer: answer, offer, no quiz
    if choice.kind == "answer":
        entry = library.entry(choice.candidates[0].entry_id)
        others = [(topic, label) for topic, label in named if topic != entry["topic"]] if len(named) > 1 else []
        turn = _answer_entry(state, entry, message, library, today, new_facts, others)
    elif choice.kind == "clarify":
        turn = _clarify(state, choice, library)
    elif message.intent == "out_of_scope":
        turn = _reply(state, answering.OUT_OF_SCOPE_TEXT)
        turn.meta["topic"] = "out_of_scope"
    elif new_facts and state.topic:
        return _facts_turn(state, message, today, new_facts, asked_amount=False)
    else:
        turn = _unsure(state, message, choice)
    turn.texts = [*(prefix or []), *turn.texts, *(suffix or [])]
    return turn


def _answer_entry(state: State, entry: dict, message: Incoming, library: Library, today: dt.date, new_facts: dict,
                  others: list[tuple[str, str]]) -> Turn:
    text = message.text
    topic = entry["topic"]
    state = replace(state, topic=topic, faq_id=entry["id"], citations=entry["citations"], unhelpful=0)
    said, results, state = _show_figures(state, today, show_all=False)
    parts = [answering.answer_text(entry), *said]
    buttons = []
    if others:
        parts.append(texts.also_covered([label for _, label in others]))
        for other, label in others:
            found = library.choose(text, {}, None, topic=other)
            if found.candidates:
                buttons.append({"title": label, "payload": f'/choose_faq{{"faq_id": "{found.candidates[0].entry_id}"}}'})
    decision = _assess(state, message, today) if topic != "out_of_scope" else Decision(False)
    turn = Turn(parts, buttons, state=state)
    _offer_if_needed(turn, decision)
    if decision.urgency != URGENT and topic not in state.quiet and not buttons:
        _append_question(turn, today)
    if not turn.buttons and _checklist(turn.state, library, topic):
        turn.buttons = [texts.EVIDENCE_BUTTON]
    _offer_reminder(turn, results, today)
    _offer_document(turn, results)
    turn.meta = _meta(turn.state, escalate=decision.escalate or turn.state.stage in ("consent", "contact"),
                      urgency=decision.urgency, reasons=decision.reasons, results=results,
                      citations=entry["citations"] + citations_of(results), asking=turn.state.asking or None)
    return turn


def _facts_turn(state: State, message: Incoming, today: dt.date, new_facts: dict, asked_amount: bool) -> Turn:
    """The message answers our question (or adds facts): figures if computable, else one question."""
    said, results, state = _show_figures(replace(state, asking=""), today, show_all=asked_amount)
    parts = ([texts.noted(case_facts.describe(state.facts))] if new_facts else []) + said
    decision = _assess(state, message, today)
    turn = Turn(parts, state=state)
    _offer_if_needed(turn, decision)
    asked = _append_question(turn, today) if decision.urgency != URGENT else False
    if not asked and not results and not turn.state.stage:
        turn.texts.append(texts.NEXT_STEP)
    _offer_reminder(turn, results, today)
    _offer_document(turn, results)
    turn.meta = _meta(turn.state, escalate=decision.escalate, urgency=decision.urgency, reasons=decision.reasons,
                      results=results, citations=citations_of(results), asking=turn.state.asking or None)
    return turn


def _follow_up(state: State, today: dt.date, lead: list[str]) -> Turn:
    """After a skip: the next question, or what we can say with the facts we have."""
    turn = Turn(list(lead), state=state)
    if not _append_question(turn, today):
        said, results, turn.state = _show_figures(turn.state, today, show_all=False)
        turn.texts += said or [texts.NEXT_STEP]
        _offer_reminder(turn, results, today)
    turn.meta = _meta(turn.state, asking=turn.state.asking or None)
    return turn


def _clarify(state: State, choice: Choice, library: Library) -> Turn:
    first, second = (library.entry(c.entry_id) for c in choice.candidates)
    buttons = [{"title": e["question"], "payload": f'/choose_faq{{"faq_id": "{e["id"]}"}}'} for e in (first, second)]
    turn = Turn([f"您是想问：{first['question']}\n还是：{second['question']}"], buttons, state=state)
    turn.meta = _meta(state, topic=first["topic"], faq_id=None, clarify=[first["id"], second["id"]])
    return turn


def _unsure(state: State, message: Incoming, choice: Choice) -> Turn:
    unhelpful = state.unhelpful + 1
    state = replace(state, unhelpful=unhelpful)
    decision = _assess(state, message, None, unhelpful)
    turn = Turn([answering.UNSURE_TEXT], state=state)
    _offer_if_needed(turn, decision)
    score = choice.candidates[0].score if choice.candidates else 0.0
    turn.meta = _meta(turn.state, topic=choice.topic or "other_labour", faq_id=None, escalate=decision.escalate,
                      urgency=decision.urgency, reasons=decision.reasons, unsure=True, score=score)
    return turn


# --- the evidence checklist and deadline reminders ---------------------------------------

REMIND_PREFIX = "/remind"  # the 提醒我 button: /remind{"deadline": "2027-10-15", "what": "劳动仲裁时效"}


def _payload(text: str, prefix: str) -> dict | None:
    """The JSON of a button payload `prefix{...}`, or None. Rasa knows these intents (nlu/domain.yml)
    but not their keys as entities; the payload itself is the one source."""
    if not text.startswith(prefix + "{"):
        return None
    try:
        data = json.loads(text[len(prefix):])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _evidence_or_reminder(state: State, message: Incoming, library: Library, today: dt.date) -> Turn | None:
    text = message.text.strip()
    if text == case_evidence.LIST_PAYLOAD:
        items = _checklist(state, library, state.topic)
        return _checklist_turn(state, items) if items else _reply(state, texts.EVIDENCE_NO_TOPIC)
    tick = _payload(text, case_evidence.BUTTON_PREFIX)
    if tick is not None:
        return _tick(state, library, str(tick.get("item", "")))
    remind = _payload(text, REMIND_PREFIX)
    if remind is not None:
        return _remind(state, remind, today)
    if signals.cancels_reminders(text):
        turn = _reply(replace(state, reminders=[]), texts.REMINDERS_CANCELLED if state.reminders else texts.NO_REMINDERS)
        turn.meta["cancel_reminders"] = True  # the adapter cancels what is stored for this chat
        return turn
    return None


def _evidence_asked(state: State, message: Incoming, library, today, new_facts) -> Turn | None:
    """"要准备什么证据": the checklist of the problem named, or the one under discussion."""
    if not signals.asks_evidence(message.text):
        return None
    named = [topic for topic, _ in signals.issues(message.text)]
    topic = named[0] if named else state.topic
    items = _checklist(state, library, topic)
    if not items:
        return None  # no checklist for this problem: the knowledge base answers the question
    return _checklist_turn(replace(state, topic=topic, asking=""), items)


def _checklist(state: State, library: Library | None, topic: str) -> list[dict]:
    if not topic or library is None:
        return []
    return case_evidence.checklist(topic, _plain(state.facts), library.evidence(), state.evidence)


def _checklist_turn(state: State, items: list[dict], text: str | None = None) -> Turn:
    turn = Turn([text or texts.evidence_checklist(items)], case_evidence.buttons(items), state=state)
    turn.meta = _meta(state, evidence=case_evidence.for_lawyer(items))
    return turn


def _tick(state: State, library: Library, item_id: str) -> Turn:
    """A checklist button: the worker has this piece of evidence (or, pressed again, not yet)."""
    items = _checklist(state, library, state.topic)
    pressed = next((row for row in items if row["id"] == item_id), None)
    if pressed is None:  # an old checklist of another problem: show the current one
        return _checklist_turn(state, items) if items else _reply(state, texts.EVIDENCE_NO_TOPIC)
    state = replace(state, evidence=case_evidence.toggled(state.evidence, items, item_id))
    items = _checklist(state, library, state.topic)
    key_missing = [row["name"] for row in items if row["rank"] == "关键" and not row["have"]]
    return _checklist_turn(state, items, texts.evidence_ticked(pressed["name"], not pressed["have"], key_missing))


def _remind(state: State, request: dict, today: dt.date) -> Turn:
    """The 提醒我 button: the adapter stores the reminder (meta `reminder`), the worker is told when."""
    try:
        deadline = dt.date.fromisoformat(str(request.get("deadline")))
    except ValueError:
        return _reply(state, texts.ANYTHING_ELSE)
    what = str(request.get("what") or "劳动仲裁时效")
    offsets = case_reminders.points(deadline, today)
    if not offsets:
        return _reply(state, texts.REMINDER_TOO_LATE)
    reminder = {"deadline": deadline.isoformat(), "what": what}
    kept = [r for r in state.reminders if r != reminder]
    turn = _reply(replace(state, reminders=[*kept, reminder]), texts.reminder_set(what, deadline.isoformat(), offsets))
    turn.meta["reminder"] = reminder
    return turn


def _offer_reminder(turn: Turn, results: list[dict], today: dt.date) -> None:
    """A 提醒我 button under an arbitration deadline the worker can still meet with time to spare."""
    for result in results:
        deadline = result.get("deadline")
        if result.get("key") != "arbitration_deadline" or not deadline or {"expired", "not_running"} & set(result.get("flags") or []):
            continue
        reminder = {"deadline": deadline, "what": result.get("title") or "劳动仲裁时效"}
        if reminder in turn.state.reminders or not case_reminders.worth_offering(dt.date.fromisoformat(deadline), today):
            continue
        turn.buttons = [*turn.buttons, {"title": texts.REMIND_BUTTON_TITLE, "payload": REMIND_PREFIX + json.dumps(
            reminder, ensure_ascii=False)}]


# --- helpers --------------------------------------------------------------------------------

def _merge(old: dict, new: dict, words: dict) -> dict:
    merged = case_facts.merge({k: v for k, v in old.items() if k != WORDS_KEY}, new)
    merged[WORDS_KEY] = {**(old.get(WORDS_KEY) or {}), **words}
    return merged


def _assess(state: State, message: Incoming, today: dt.date | None, unhelpful: int = 0,
            learned: bool = True) -> Decision:
    """Whether this message (with the facts told so far) needs a lawyer: the rules, the
    thresholds the adapter set and, unless `learned` is off, the lawyer model's score."""
    return assess(message.text, _plain(state.facts), unhelpful, today, message.lawyer_score if learned else 0.0,
                  thresholds=message.thresholds)


def _remember(state: State, decision: Decision) -> State:
    if not decision.escalate:
        return state
    kept = combine(state.concerns(), decision)
    return replace(state, concern={"urgency": kept.urgency, "reasons": list(kept.reasons), "codes": list(kept.codes)})


def _plain(facts: dict) -> dict:
    return {k: v for k, v in facts.items() if k != WORDS_KEY}


def _figures_for(state: State, topic: str, today: dt.date) -> list[dict]:
    if not topic or topic == "out_of_scope":
        return []
    try:
        return figures.figures(_plain(state.facts), topic, today)
    except ValueError:
        return []


def _show_figures(state: State, today: dt.date, show_all: bool) -> tuple[list[str], list[dict], State]:
    """The figures not shown yet (all of them when the worker asks how much), as texts;
    the state remembers them as shown."""
    shown = set(state.shown)
    results = [r for r in _figures_for(state, state.topic, today) if show_all or _shown_key(r) not in shown]
    state = replace(state, shown=[*state.shown, *(k for k in map(_shown_key, results) if k not in shown)])
    return [figures.headline(r) + "\n" + explain(r) for r in results], results, state


def _shown_key(result: dict) -> str:
    return f"{result['title']}={result.get('amount')}"


def _next_key(state: State) -> str | None:
    if not state.topic or state.topic in state.quiet or state.topic not in FIGURE_TOPICS:
        return None
    for key in figures.missing(_plain(state.facts), state.topic):
        if key not in state.skipped and state.asked.get(key, 0) < MAX_ASKS and key in figures.QUESTIONS:
            return key
    return None


def _append_question(turn: Turn, today: dt.date) -> bool:
    """Add the one question whose answer lets us compute the figure; False if none is left."""
    key = _next_key(turn.state)
    if key is None or turn.state.stage in ("consent", "contact", "phone"):
        return False
    asked = _ask(turn.state, key, again=turn.state.asked.get(key, 0) >= 1)
    turn.texts += asked.texts
    turn.state = asked.state
    return True


def _ask(state: State, key: str, again: bool, lead: list[str] | None = None) -> Turn:
    question, example = figures.QUESTIONS[key]
    state = replace(state, asking=key, asked={**state.asked, key: state.asked.get(key, 0) + 1})
    turn = Turn([*(lead or []), texts.question(question, example, again)], state=state)
    turn.meta = _meta(state, asking=key)
    return turn


def _offer_if_needed(turn: Turn, decision: Decision) -> None:
    """Offer a lawyer once per reason; a worker already with a lawyer is told so."""
    if not decision.escalate or turn.state.ticket_id:
        return
    fresh = [c for c in decision.codes if c not in turn.state.offered]
    if not fresh or turn.state.stage in ("consent", "contact", "phone"):
        return
    turn.texts.append(texts.escalation_offer(decision.reasons))
    turn.state = replace(turn.state, offered=[*turn.state.offered, *fresh], stage="consent")
    if not turn.buttons:
        turn.buttons = texts.CONSENT_BUTTONS


def _reply(state: State, text: str, **meta) -> Turn:
    turn = Turn([text], state=state)
    turn.meta = _meta(state, **meta)
    return turn


def _meta(state: State, results: list[dict] | None = None, **extra) -> dict:
    """The machine-readable summary of the turn (for `hotline ask` and the evaluation).

    Built after the turn's texts, so `asking` is the question asked in this very turn: every
    path that does not ask clears `state.asking` first, or keeps it without saying it."""
    meta = {"topic": state.topic or None, "faq_id": state.faq_id or None, "citations": [],
            "escalate": False, "urgency": "normal", "reasons": [], "asking": None,
            "asks_consent": state.stage == "consent"}
    if results:
        meta["calculations"] = results
    for key, value in extra.items():
        meta[key] = list(value) if isinstance(value, tuple) else value
    return meta
