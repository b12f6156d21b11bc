"""Rasa custom actions: one class per action, logic in the pure modules beside it.

Every action that answers also sends a machine-readable `custom` payload
({"hotline": {...}}) with the topic, FAQ id, citations and escalation decision; the
bot ignores it, and `hotline ask` and the evaluation read it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from casework import answering
from casework import facts as case_facts
from casework.article_refs import find_refs
from actions.cases import CaseNotSaved, open_case
from casework.escalation import CRISIS_MESSAGE, URGENT, assess
from actions.intake import INTRO, form_for, known_slots
from actions.knowledge_base import knowledge_base
from hotline.config import settings
from knowledge.faq import load_topics
from knowledge.gaps import record_gap
from knowledge.laws import law_names

log = logging.getLogger(__name__)
CASE_NOT_SAVED = "抱歉，转给律师这一步暂时没有成功，您的情况还在。请过一会儿再说「找律师」，着急可以直接拨打12351。"
TOPICS = set(load_topics())
CONSENT = re.compile(r"(好的?|好吧|同意|可以|行|嗯+|是的?|对|要|麻烦了?|谢谢)+")


def send_meta(dispatcher: CollectingDispatcher, **meta: Any) -> None:
    dispatcher.utter_message(json_message={"hotline": meta})


def latest_intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0)


def topic_ranking(tracker: Tracker) -> dict[str, float]:
    """The NLU's confidence for each topic intent (the fallback intent is not a topic)."""
    ranking = {item["name"]: float(item.get("confidence") or 0.0)
               for item in tracker.latest_message.get("intent_ranking") or [] if item.get("name") in TOPICS}
    intent, confidence = latest_intent(tracker)
    if intent in TOPICS:
        ranking[intent] = max(ranking.get(intent, 0.0), confidence)
    return ranking


def transcript(tracker: Tracker, limit: int = 30) -> list[dict]:
    """The conversation so far, as the lawyer will read it."""
    lines = []
    for event in tracker.events:
        if event.get("event") in ("user", "bot") and event.get("text"):
            lines.append({"from": "worker" if event["event"] == "user" else "assistant", "text": event["text"]})
    return lines[-limit:]


class ActionAnswer(Action):
    """Answer a question from the knowledge base, and decide whether a lawyer is needed."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("handoff_pending") and CONSENT.fullmatch(text.strip(" 。！!，,~～")):
            return open_case_now(dispatcher, tracker, tracker.get_slot("contact_phone"))  # "好的" to our offer
        intent, confidence = latest_intent(tracker)
        facts = case_facts.merge(tracker.get_slot("case_facts") or {}, case_facts.extract(text))
        unhelpful = int(tracker.get_slot("unhelpful_turns") or 0)
        decision = assess(text, facts, unhelpful)
        if "self_harm" in decision.codes:
            return self._crisis(dispatcher, tracker, text, facts, decision)
        picked = self._pick(tracker, text, intent, confidence)
        events = [SlotSet("case_facts", facts)]
        if picked.kind == "answer":
            events += self._answer(dispatcher, picked.candidates[0].entry_id, decision, unhelpful)
        elif picked.kind == "clarify":
            self._clarify(dispatcher, picked, decision)
        else:
            best = picked.topic or "other_labour"
            score = picked.candidates[0].score if picked.candidates else 0.0
            if intent != "out_of_scope":
                record_gap(settings().gaps_db, text, best, score, "unsure")
            events += self._unsure(dispatcher, intent, decision, unhelpful, best)
        if "asks_person" in decision.codes:  # "…我要找律师" in the message itself: ask consent now
            return [*events, *ask_consent(dispatcher)]
        if picked.kind == "answer":
            events += self._start_intake(dispatcher, tracker, picked.topic, facts, decision)
        return events

    def _pick(self, tracker: Tracker, text: str, intent: str, confidence: float) -> answering.Choice:
        retriever = knowledge_base().retriever()
        chosen = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                       if e.get("entity") == "faq_id"), None)
        if chosen and retriever.entry(chosen):
            entry = retriever.entry(chosen)
            return answering.Choice("answer", (answering.Candidate(chosen, entry["topic"], 1.0, 0, 0, ""),),
                                    entry["topic"])
        if intent not in TOPICS and len(re.findall(r"[\u4e00-\u9fff]", text)) < 4:
            return answering.Choice("unsure")  # "同意", "嗯嗯": too little to look anything up
        ranking = topic_ranking(tracker)
        context_topic = tracker.get_slot("last_topic") if intent not in TOPICS else None
        ranked = retriever.search(text, k=len(retriever.index.entry_ids))  # encode and match once per turn
        return answering.choose(ranking, ranked[:10], lambda topic: [c for c in ranked if c.topic == topic][:3],
                                context_topic)

    def _answer(self, dispatcher: CollectingDispatcher, entry_id: str, decision, unhelpful: int) -> list[dict]:
        entry = knowledge_base().retriever().entry(entry_id)
        text = answering.answer_text(entry)
        if entry["topic"] == "out_of_scope":
            decision = assess("")
        if decision.escalate and "asks_person" not in decision.codes:  # otherwise consent is asked next
            text += "\n" + escalation_offer(decision)
        dispatcher.utter_message(text=text)
        send_meta(dispatcher, topic=entry["topic"], faq_id=entry["id"], citations=entry["citations"],
                  escalate=decision.escalate, urgency=decision.urgency, reasons=list(decision.reasons))
        return [SlotSet("last_faq_id", entry["id"]), SlotSet("last_topic", entry["topic"]),
                SlotSet("last_citations", entry["citations"]), SlotSet("unhelpful_turns", 0)]

    def _start_intake(self, dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, facts: dict,
                      decision) -> list[dict]:
        """Ask for the facts that change the answer, once per conversation and topic."""
        done = list(tracker.get_slot("intake_done") or [])
        form = form_for(topic, facts, done)
        if form is None or decision.urgency == URGENT:
            return []
        dispatcher.utter_message(text=INTRO)
        prefilled = [SlotSet(slot, value) for slot, value in known_slots(facts).items()]
        return [*prefilled, SlotSet("intake_done", [*done, form]), FollowupAction(form)]

    def _clarify(self, dispatcher: CollectingDispatcher, picked: answering.Choice, decision) -> None:
        retriever = knowledge_base().retriever()
        first, second = (retriever.entry(c.entry_id) for c in picked.candidates)
        buttons = [{"title": e["question"], "payload": f'/choose_faq{{"faq_id": "{e["id"]}"}}'} for e in (first, second)]
        dispatcher.utter_message(text=f"您是想问：{first['question']}\n还是：{second['question']}", buttons=buttons)
        send_meta(dispatcher, topic=first["topic"], faq_id=None, citations=[], escalate=decision.escalate,
                  urgency=decision.urgency, reasons=list(decision.reasons), clarify=[first["id"], second["id"]])

    def _unsure(self, dispatcher: CollectingDispatcher, intent: str, decision, unhelpful: int,
                best_topic: str) -> list[dict]:
        """Not sure what was asked: say so, ask to rephrase, offer a lawyer. The topic
        reported is the best guess, for statistics and for the lawyer's queue."""
        if intent == "out_of_scope":
            dispatcher.utter_message(text=answering.OUT_OF_SCOPE_TEXT)
            send_meta(dispatcher, topic="out_of_scope", faq_id=None, citations=[], escalate=False)
            return []
        unhelpful += 1
        decision = decision if decision.escalate else assess("", {}, unhelpful)
        text = answering.UNSURE_TEXT
        if decision.escalate:
            text += "\n" + escalation_offer(decision)
        dispatcher.utter_message(text=text)
        send_meta(dispatcher, topic=best_topic, faq_id=None, citations=[], escalate=decision.escalate,
                  urgency=decision.urgency, reasons=list(decision.reasons), unsure=True)
        return [SlotSet("unhelpful_turns", unhelpful)]

    def _crisis(self, dispatcher, tracker: Tracker, text: str, facts: dict, decision) -> list[dict]:
        try:
            case_id = open_case(settings().cases_db, tracker.sender_id, "wage_arrears", decision.urgency,
                                list(decision.reasons), facts, [], transcript(tracker), consent=False)
        except CaseNotSaved:  # the crisis answer goes out whatever happens to the ticket
            log.exception("crisis case not saved")
            case_id = None
        dispatcher.utter_message(text=CRISIS_MESSAGE + (f"\n登记编号：{case_id}" if case_id else ""))
        send_meta(dispatcher, topic=tracker.get_slot("last_topic") or "wage_arrears", faq_id=None, citations=[],
                  escalate=True, urgency=decision.urgency, reasons=list(decision.reasons), ticket_id=case_id)
        return [SlotSet("case_facts", facts)]


def escalation_offer(decision) -> str:
    reasons = "，".join(decision.reasons)
    return f"因为{reasons}，建议由工会律师来跟进您的情况。回复「找律师」，我把您的情况整理好转给律师（免费）。"


class ActionShowArticle(Action):
    """Show the text of an article: named in the message, or cited in the last answer."""

    def name(self) -> str:
        return "action_show_article"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        retriever = knowledge_base().retriever()
        text = tracker.latest_message.get("text") or ""
        last = tracker.get_slot("last_citations") or []
        default_law = last[0]["law"] if last else "劳动合同法"
        refs = find_refs(text, law_names(), default_law) or [(c["law"], int(c["article"])) for c in last]
        shown = [a for a in (retriever.article(law, n) for law, n in refs[:3]) if a]
        if shown:
            dispatcher.utter_message(text="\n".join(answering.article_text(a) for a in shown))
        elif refs:
            law, number = refs[0]
            dispatcher.utter_message(text=f"没有找到《{law}》第{number}条。请核对法律名称和条号，例如「劳动合同法第八十二条」。")
        else:
            dispatcher.utter_message(text="请告诉我法律名称和条号，例如「劳动合同法第八十二条」。")
        send_meta(dispatcher, topic=tracker.get_slot("last_topic") or "other_labour", faq_id=None,
                  citations=[{"law": a["law"], "article": a["number"]} for a in shown], escalate=False)
        return []


class ActionShowDetails(Action):
    """Send the longer explanation of the last answer."""

    def name(self) -> str:
        return "action_show_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        entry_id = tracker.get_slot("last_faq_id")
        entry = knowledge_base().retriever().entry(entry_id) if entry_id else None
        if entry and entry.get("details"):
            dispatcher.utter_message(text=answering.one_message(entry["details"]))
        elif entry:
            dispatcher.utter_message(text="这个问题没有更多说明了。回复「原文」可以看法条原文，或者回复「找律师」。")
        else:
            dispatcher.utter_message(text="请先告诉我您遇到了什么问题，我再详细说明。")
        send_meta(dispatcher, topic=(entry or {}).get("topic", "other_labour"), faq_id=entry_id,
                  citations=(entry or {}).get("citations", []), escalate=False)
        return []


def worker_text(tracker: Tracker) -> str:
    """Everything the worker wrote in this conversation: escalation reasons from any turn count."""
    return "\n".join(line["text"] for line in transcript(tracker, limit=50) if line["from"] == "worker")


CONSENT_BUTTONS = [
    {"title": "同意，律师在这里回复我", "payload": '/handoff{"contact": "chat"}'},
    {"title": "同意，请律师打电话给我", "payload": '/handoff{"contact": "phone"}'},
    {"title": "先不用", "payload": "/deny"},
]


class ActionRequestLawyer(Action):
    """The worker asks for a person: explain what happens and ask for consent and contact."""

    def name(self) -> str:
        return "action_request_lawyer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        facts = case_facts.merge(tracker.get_slot("case_facts") or {},
                                 case_facts.extract(tracker.latest_message.get("text") or ""))
        decision = assess(worker_text(tracker), facts, int(tracker.get_slot("unhelpful_turns") or 0))
        events = ask_consent(dispatcher)
        send_meta(dispatcher, topic=tracker.get_slot("last_topic") or "legal_aid", faq_id=None, citations=[],
                  escalate=True, urgency=decision.urgency, reasons=list(decision.reasons) or ["您希望律师来跟进"])
        return [SlotSet("case_facts", facts), *events]


def ask_consent(dispatcher: CollectingDispatcher) -> list[dict]:
    """Explain what a hand-over means and ask consent and how to be contacted."""
    dispatcher.utter_message(text=(
        "我可以把您的情况整理好转给工会值班律师（免费）。律师会看到您在这里说的情况和我算的结果，"
        "您的信息只用于这次法律帮助。同意转给律师吗？律师怎么联系您？"
    ), buttons=CONSENT_BUTTONS)
    return [SlotSet("handoff_pending", True)]


class ActionOpenCase(Action):
    """Consent given: open the case for the lawyers, by phone or in this chat."""

    def name(self) -> str:
        return "action_open_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        contact = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                        if e.get("entity") == "contact"), None)
        phone = tracker.get_slot("contact_phone")
        if contact == "phone" and not phone:
            return [FollowupAction("phone_form")]
        return open_case_now(dispatcher, tracker, phone)


def open_case_now(dispatcher: CollectingDispatcher, tracker: Tracker, phone: str | None) -> list[dict]:
    facts = tracker.get_slot("case_facts") or {}
    if phone:
        facts = {**facts, "contact_phone": phone}
    decision = assess(worker_text(tracker), facts, int(tracker.get_slot("unhelpful_turns") or 0))
    topic = tracker.get_slot("last_topic") or "legal_aid"
    reasons = list(decision.reasons) or ["您希望律师来跟进"]
    try:
        case_id = open_case(settings().cases_db, tracker.sender_id, topic, decision.urgency, reasons, facts,
                            case_facts.calculations(facts, topic), transcript(tracker), consent=True,
                            contact=f"phone {phone}" if phone else "chat")
    except CaseNotSaved:
        log.exception("case not saved")
        dispatcher.utter_message(text=CASE_NOT_SAVED)
        return [SlotSet("case_facts", facts)]
    how = "律师会打电话给您" if phone else "律师会在这个对话里回复您"
    dispatcher.utter_message(text=(
        f"好的，已经转给工会律师，登记编号 {case_id}。{how}（免费）。"
        "您可以接着补充：在哪个城市、哪家单位、干了多久、每月工资多少、现在的情况。着急可以直接拨打12351。"
    ))
    send_meta(dispatcher, topic=topic, faq_id=None, citations=[], escalate=True, urgency=decision.urgency,
              reasons=reasons, ticket_id=case_id)
    return [SlotSet("case_facts", facts), SlotSet("handoff_pending", False)]


class ActionAffirm(Action):
    """"好的"/"同意": consent to the lawyer if we just asked, otherwise yes to more details."""

    def name(self) -> str:
        return "action_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if tracker.get_slot("handoff_pending"):
            return open_case_now(dispatcher, tracker, tracker.get_slot("contact_phone"))
        return await ActionShowDetails().run(dispatcher, tracker, domain)


class ValidatePhoneForm(FormValidationAction):
    """A phone number the lawyer can call: a mainland mobile or a landline with area code."""

    def name(self) -> str:
        return "validate_phone_form"

    async def validate_contact_phone(self, value, dispatcher, tracker, domain) -> dict:
        phone = case_facts.parse_phone(str(value or ""))
        if phone is None:
            dispatcher.utter_message(text="这个号码好像不对，请再发一次，比如 138 0000 0000 或 0571-88888888。")
            return {"contact_phone": None}
        return {"contact_phone": phone}


class ActionInform(Action):
    """Record facts the worker gave (wage, time worked …) and compute what they are owed."""

    def name(self) -> str:
        return "action_inform"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        topic = tracker.get_slot("last_topic") or ""
        if not topic:  # facts with no question before them are a question in themselves
            return await ActionAnswer().run(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        facts = case_facts.merge(tracker.get_slot("case_facts") or {}, case_facts.extract(text))
        results = case_facts.calculations(facts, topic)
        if results:
            reply = "\n".join(case_facts.explain(r) for r in results)
        else:
            reply = "记下了：" + case_facts.describe(facts) + "。\n" + case_facts.next_question(facts, topic)
        decision = assess(text, facts, 0)
        if decision.escalate:
            reply += "\n" + escalation_offer(decision)
        dispatcher.utter_message(text=reply)
        send_meta(dispatcher, topic=topic or "other_labour", faq_id=tracker.get_slot("last_faq_id"),
                  citations=[{"law": law, "article": n} for r in results for law, n in r["citations"]],
                  escalate=decision.escalate, urgency=decision.urgency, reasons=list(decision.reasons))
        return [SlotSet("case_facts", facts)]
