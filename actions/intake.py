"""Case intake: Rasa forms that ask for the facts that change the answer, validated here.

Each form asks a few questions (the `utter_ask_<slot>` responses in nlu/domain.yml).
Every answer is parsed by the pure functions of actions/facts.py into the case facts;
"跳过" skips a question, "算了" leaves the form (a rule in nlu/data/rules.yml). When the
form is complete, `action_intake_summary` shows what the worker is owed, step by step,
and whether a lawyer should take the case.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from casework import facts as case_facts
from casework.escalation import assess

# Which form a topic's answer leads into, and the facts that make it unnecessary.
FORMS = {
    "wage_arrears": ("wage_intake_form", ("amount_owed", "months_unpaid")),
    "no_written_contract": ("contract_intake_form", ("monthly_wage", "months_worked")),
    "dismissal_severance": ("dismissal_intake_form", ("monthly_wage", "months_worked")),
    "overtime": ("overtime_intake_form", ("monthly_wage", "overtime_hours")),
}
# The facts that answer each intake question: a question already answered is not asked.
SLOT_FACTS = {
    "arrears": ("amount_owed", "months_unpaid"), "still_employed": ("still_employed",),
    "written_contract": ("written_contract",), "headcount": ("headcount",), "start_date": ("months_worked",),
    "monthly_wage": ("monthly_wage",), "service_length": ("months_worked",), "dismissal_reason": ("dismissal_reason",),
    "overtime_hours": ("overtime_hours",),
}
KNOWN = "known"
INTRO = "为了帮您算清楚、判断下一步，我想问您几个问题。"
NOT_UNDERSTOOD = "抱歉，没看明白。{ask}"


def form_for(topic: str, facts: dict, done: list[str]) -> str | None:
    """The intake form to start after answering `topic`, if its facts are still missing."""
    if topic not in FORMS:
        return None
    form, needed = FORMS[topic]
    if form in done or all(facts.get(k) for k in needed):
        return None
    return form


QUESTION = re.compile(r"吗|么|怎么|如何|能不能|可不可以|是不是|多少|多久|[？?]")


def is_new_question(tracker: Tracker) -> bool:
    """An answer we could not read that is really a new question (an interruption)."""
    from actions.actions import TOPICS

    intent = tracker.latest_message.get("intent") or {}
    text = tracker.latest_message.get("text") or ""
    if intent.get("name") in TOPICS and float(intent.get("confidence") or 0) >= 0.6:
        return True
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= 6 and bool(QUESTION.search(text))


def known_slots(facts: dict) -> dict[str, str]:
    """Intake slots whose answer the worker already gave in earlier messages."""
    return {slot: KNOWN for slot, keys in SLOT_FACTS.items() if any(facts.get(k) is not None for k in keys)}


class IntakeValidation:
    """Shared validation: parse the answer to the requested slot into the case facts.

    A mixin, not an Action: rasa-sdk registers every Action subclass it finds."""

    def _validate(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> dict:
        if value == KNOWN:  # filled from earlier messages when the form started
            return {slot: value}
        parsed = case_facts.answer_facts(slot, str(value or ""))
        if parsed is None and is_new_question(tracker):
            # The worker moved on to another question: end the form, and answer that question
            # (action_intake_summary does, seeing the flag).
            remaining = {name: KNOWN for name in self.domain_slots(domain) if not tracker.get_slot(name)}
            return {**remaining, slot: KNOWN, "intake_interrupted": True}
        if parsed is None:
            dispatcher.utter_message(text="抱歉，没看明白您的回答。不清楚可以说「跳过」，不想答了说「算了」。")
            return {slot: None}
        merged = case_facts.merge(tracker.get_slot("case_facts") or {}, parsed)
        return {slot: str(value), "case_facts": merged}


def validator(slot: str):
    """The `validate_<slot>` method rasa-sdk looks up, for one intake question."""

    async def validate(self, value, dispatcher, tracker, domain) -> dict:
        return self._validate(slot, value, dispatcher, tracker, domain)

    return validate


class ValidateWageIntakeForm(IntakeValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_wage_intake_form"

    validate_arrears = validator("arrears")
    validate_still_employed = validator("still_employed")
    validate_written_contract = validator("written_contract")
    validate_headcount = validator("headcount")


class ValidateContractIntakeForm(IntakeValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_contract_intake_form"

    validate_start_date = validator("start_date")
    validate_monthly_wage = validator("monthly_wage")


class ValidateDismissalIntakeForm(IntakeValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_dismissal_intake_form"

    validate_service_length = validator("service_length")
    validate_monthly_wage = validator("monthly_wage")
    validate_dismissal_reason = validator("dismissal_reason")


class ValidateOvertimeIntakeForm(IntakeValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_overtime_intake_form"

    validate_overtime_hours = validator("overtime_hours")
    validate_monthly_wage = validator("monthly_wage")


class ActionIntakeSummary(Action):
    """After the intake: what the facts mean, what the worker is owed, what to do next."""

    def name(self) -> str:
        return "action_intake_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        from actions.actions import escalation_offer, send_meta

        if tracker.get_slot("intake_interrupted"):
            from actions.actions import ActionAnswer

            events = await ActionAnswer().run(dispatcher, tracker, domain)
            return [SlotSet("intake_interrupted", False), *events]
        facts = tracker.get_slot("case_facts") or {}
        topic = tracker.get_slot("last_topic") or ""
        results = case_facts.calculations(facts, topic)
        lines = ["谢谢。我记下了：" + case_facts.describe(facts) + "。"]
        lines += [case_facts.explain(r) for r in results]
        if not results and topic in ("no_written_contract", "dismissal_severance", "overtime"):
            lines.append("信息还不够，暂时算不出具体金额；您可以随时补充（比如「月薪6000，干了两年」）。")
        decision = assess("", facts)
        if decision.escalate:
            lines.append(escalation_offer(decision))
        else:
            lines.append("下一步：保存好证据，先找单位协商或找工会；不行就打12333投诉或申请劳动仲裁（免费）。")
        dispatcher.utter_message(text="\n".join(lines))
        send_meta(dispatcher, topic=topic or "other_labour", faq_id=tracker.get_slot("last_faq_id"),
                  citations=[{"law": law, "article": n} for r in results for law, n in r["citations"]],
                  escalate=decision.escalate, urgency=decision.urgency, reasons=list(decision.reasons),
                  calculations=results)
        return [SlotSet("case_facts", facts)]
