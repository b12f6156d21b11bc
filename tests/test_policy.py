"""The turn policy, pure: the same checks in every state of the conversation.

The knowledge base is a small in-memory `Library` here (the real one is exercised by the
conversation suite through the real servers, tests/test_conversations.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.answering import Candidate, Choice
from casework.policy import Incoming, State, respond

TODAY = dt.date(2026, 11, 30)
ENTRIES = {
    "wage": {"id": "wage", "topic": "wage_arrears", "question": "被拖欠工资怎么办", "answer": "可以向劳动监察投诉（12333），或申请劳动仲裁。",
             "details": "", "citations": [{"law": "劳动法", "article": 50}]},
    "contract": {"id": "contract", "topic": "no_written_contract", "question": "没签合同怎么办",
                 "answer": "超过一个月不满一年没签书面合同，可以要二倍工资。", "details": "",
                 "citations": [{"law": "劳动合同法", "article": 82}]},
    "dismissal": {"id": "dismissal", "topic": "dismissal_severance", "question": "被辞退有补偿吗",
                  "answer": "单位违法解除的，要付赔偿金。", "details": "", "citations": [{"law": "劳动合同法", "article": 87}]},
    "injury": {"id": "injury", "topic": "work_injury", "question": "工伤怎么办", "answer": "先就医，再申请工伤认定。",
               "details": "", "citations": [{"law": "工伤保险条例", "article": 17}]},
    "resign": {"id": "resign", "topic": "resignation", "question": "辞职要提前多久", "answer": "提前三十日书面通知单位。",
               "details": "", "citations": [{"law": "劳动合同法", "article": 37}]},
    "insurance": {"id": "insurance", "topic": "social_insurance", "question": "试用期可以不交社保吗",
                  "answer": "试用期也要交社保。", "details": "", "citations": [{"law": "社会保险法", "article": 58}]},
}
KEYWORDS = {"辞职": "resign", "合同": "contract", "工资": "wage", "辞退": "dismissal", "开除": "dismissal", "伤": "injury", "社保": "insurance"}


class Library:
    def choose(self, text, ranking, context_topic, topic=None):
        for entry_id, entry in ENTRIES.items():
            if topic and entry["topic"] == topic:
                return Choice("answer", (Candidate(entry_id, topic, 0.9, 0, 0, ""),), topic)
        for word, entry_id in KEYWORDS.items():
            if word in text:
                entry = ENTRIES[entry_id]
                return Choice("answer", (Candidate(entry_id, entry["topic"], 0.9, 0, 0, ""),), entry["topic"])
        return Choice("unsure")

    def entry(self, entry_id):
        return ENTRIES.get(entry_id)

    def article(self, law, number):
        return None

    def law_names(self):
        return ["劳动合同法", "劳动法"]

    def evidence(self):
        return {}  # no checklists: the policy's other checks are tested here (tests/test_evidence.py has them)


def talk(*messages: str | Incoming, state: State | None = None):
    """Run messages in order; return the turns."""
    state = state or State()
    turns = []
    for message in messages:
        incoming = message if isinstance(message, Incoming) else Incoming(message)
        turn = respond(state, incoming, Library(), TODAY)
        if turn.ticket is not None:  # the adapter's part: the ticket opens
            turn.state.ticket_id = "12351-20261130-0001"
        turns.append(turn)
        state = turn.state
    return turns


def said(turn) -> str:
    return "\n".join(turn.texts)


# Every state the conversation can be in, reached as a worker would reach it.
STATES = {
    "start": (),
    "asking a fact": ("入职以后一直没签合同",),
    "asking consent": ("找律师",),
    "asking contact": ("找律师", "同意"),
    "asking a phone": ("找律师", "同意", "打电话"),
    "lawyer offered": ("我们二十多个人的工资，包工头跑了",),
    "ticket open": ("找律师", "同意", "就在这里"),
}


@pytest.mark.parametrize("where", STATES)
@pytest.mark.parametrize("danger", ["我真的不想活了，家里孩子都没钱上学", "老板说再来要钱就找人打我"])
def test_danger_gets_the_crisis_answer_and_an_urgent_case_in_every_state(where, danger):
    last = talk(*STATES[where], danger)[-1]
    assert "110" in said(last)
    assert last.ticket is not None and last.ticket.urgency == "urgent"
    assert last.state.asking == ""


@pytest.mark.parametrize("where", ["start", "asking a fact"])
@pytest.mark.parametrize("wish", ["找律师", "转人工", "我想找人帮忙", "能不能让律师帮我", "有没有人管"])
def test_a_wish_for_a_person_gets_the_consent_question_within_one_turn(where, wish):
    last = talk(*STATES[where], wish)[-1]
    assert last.meta.get("asks_consent") and "同意" in said(last)
    assert last.ticket is None and last.state.asking == ""


@pytest.mark.parametrize("wish", ["找律师", "我想找人帮忙", "好", "行"])
def test_after_an_offer_a_wish_or_a_yes_is_the_consent(wish):
    last = talk(*STATES["lawyer offered"], wish)[-1]
    assert last.meta.get("asks_contact") and last.ticket is None


@pytest.mark.parametrize("consent", ["好", "可以", "行", "同意", "嗯嗯", "好的，请律师联系我", "好的，我同意，请律师联系我"])
def test_consent_in_natural_words_leads_to_the_contact_question(consent):
    last = talk("找律师", consent)[-1]
    assert last.meta.get("asks_contact") and last.ticket is None


@pytest.mark.parametrize(("contact", "phone"), [
    ("就在这里", ""), ("在这里回复我就行", ""), ("13912345678", "13912345678"), ("电话吧，139 1234 5678", "13912345678"),
])
def test_a_contact_in_natural_words_opens_the_ticket(contact, phone):
    last = talk("找律师", "同意", contact)[-1]
    assert last.ticket is not None and last.ticket.consent and last.ticket.phone == phone


def test_a_phone_is_asked_once_more_then_the_chat_is_used():
    turns = talk("找律师", "同意", "打电话", "嗯", "还是不对")
    assert "电话号码" in said(turns[2])
    assert turns[3].ticket is None and "号码好像不对" in said(turns[3])
    assert turns[4].ticket is not None and turns[4].ticket.phone == ""


def test_declining_the_lawyer_is_respected():
    last = talk("找律师", "不用了")[-1]
    assert last.ticket is None and last.state.stage == ""


def test_the_offer_of_a_lawyer_is_the_consent_question_and_an_unrelated_reply_moves_on():
    turns = talk("我们二十多个人的工资，包工头跑了", "试用期可以不交社保吗", "好的")
    assert turns[0].meta.get("asks_consent") and "同意转给律师吗" in said(turns[0])
    assert turns[1].state.topic == "social_insurance" and turns[1].state.stage == ""
    assert not turns[2].meta.get("asks_contact")  # "好的" now is not a consent to an old question


@pytest.mark.parametrize("stop", ["算了", "不想说了", "不用了"])
def test_stop_leaves_the_questions_and_they_are_not_asked_again(stop):
    turns = talk("入职以后一直没签合同", stop, "没签合同怎么办")
    assert turns[0].state.asking
    assert "不问了" in said(turns[1]) and turns[1].state.asking == ""
    assert turns[2].state.asking == ""


def test_thanks_after_stopping_is_small_talk_even_when_the_nlu_is_unsure():
    unsure_thanks = Incoming("谢谢", "thanks", 0.52)  # what a retrained model said
    turns = talk("入职以后一直没签合同", "算了", unsure_thanks)
    assert said(turns[2]).startswith("不客气") and not turns[2].buttons


def test_an_unreadable_answer_is_asked_once_more_with_an_example_then_skipped():
    turns = talk("入职以后一直没签合同", "嗯", "啊这")
    key = turns[0].state.asking
    assert key and turns[1].state.asking == key and "比如" in said(turns[1])
    assert turns[2].state.asking != key and "没关系" in said(turns[2])


def test_skip_moves_on_and_never_asks_that_question_again():
    turns = talk("入职以后一直没签合同", "跳过")
    key = turns[0].state.asking
    assert key in turns[1].state.skipped and turns[1].state.asking != key


def test_a_new_question_during_the_questions_is_answered_and_the_question_parked():
    turns = talk("入职以后一直没签合同", "试用期可以不交社保吗")
    assert turns[1].state.topic == "social_insurance" and "试用期也要交社保" in said(turns[1])
    assert "放一放" in said(turns[1])


def test_facts_given_in_the_first_message_become_a_figure_at_once():
    first = talk("我入职8个月了一直没签合同，工资每月4500")[0]
    assert "31,500" in said(first)
    assert first.state.asking == ""


def test_facts_spread_over_messages_become_a_figure_and_are_not_asked_again():
    turns = talk("入职以后一直没签合同，能要二倍工资吗", "干了八个月", "月薪6000")
    assert "42,000" in said(turns[-1])
    asked = [t.state.asking for t in turns]
    assert len(set(a for a in asked if a)) == len([a for a in asked if a])  # no question twice


def test_how_much_after_the_facts_states_the_figure_again():
    turns = talk("我入职8个月了一直没签合同，工资每月4500", "那能拿多少钱")
    assert "31,500" in said(turns[1])


def test_several_problems_answer_the_injury_and_offer_the_others():
    turn = talk("在工地受伤了，老板还把我开除了，工资也没结")[0]
    assert turn.state.topic == "work_injury"
    assert {b["title"] for b in turn.buttons} >= {"被辞退", "工资没发"}


def test_buttons_choose_an_entry_and_hand_over():
    turns = talk(Incoming("/choose_faq", "choose_faq", 1.0, {}, {"faq_id": "contract"}),
                 Incoming("/handoff", "handoff", 1.0, {}, {"contact": "chat"}))
    assert turns[0].state.topic == "no_written_contract"
    assert turns[1].ticket is not None and turns[1].ticket.consent


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(STATES)), st.text(max_size=40))
def test_no_message_breaks_a_turn_and_no_question_is_asked_three_times(where, text):
    turns = talk(*STATES[where], text, text, text)
    asked = [t.state.asking for t in turns[-3:]]
    assert not (asked[0] and asked[0] == asked[1] == asked[2])
    assert all(t.texts or t.ticket for t in turns)


def test_the_state_survives_a_round_trip_through_the_slot():
    state = talk("我入职8个月了一直没签合同，工资每月4500")[0].state
    assert State.from_dict(state.to_dict()) == state
    assert State.from_dict({**state.to_dict(), "unknown_key": 1}) == replace(state)


def test_the_hand_over_carries_every_reason_of_the_conversation():
    turns = talk("我们厂一百多人被欠了半年工资，大家准备明天去堵门", "找律师", "就在这里")
    assert turns[0].ticket is None and turns[0].meta["urgency"] == "urgent"
    assert turns[-1].ticket is not None and turns[-1].ticket.urgency == "urgent"
    assert "工友们准备采取激烈行动" in turns[-1].ticket.reasons


def test_a_question_of_its_own_is_answered_not_read_as_facts():
    turns = talk("被辞退有补偿吗", "辞职要提前多久跟公司说")  # "辞职" reads as "left the job"
    assert turns[1].state.topic == "resignation" and "提前三十日" in said(turns[1])


class TwoWayLibrary(Library):
    """Always unsure between two entries (as retrieval is when two topics score alike)."""

    def choose(self, text, ranking, context_topic, topic=None):
        if topic:
            return super().choose(text, ranking, context_topic, topic)
        return Choice("clarify", (Candidate("injury", "work_injury", 0.5, 0, 0, ""),
                                  Candidate("wage", "wage_arrears", 0.49, 0, 0, "")), "work_injury")


def test_a_case_for_a_lawyer_is_answered_and_offered_a_lawyer_not_asked_which_question():
    turn = respond(State(), Incoming("我叔在工地出事人没了 包工头给了五万就不管了"), TwoWayLibrary(), TODAY)
    assert "您是想问" not in said(turn)
    assert "先就医" in said(turn) and "工会律师" in said(turn)


def test_an_ordinary_question_between_two_entries_is_asked_which_one():
    turn = respond(State(), Incoming("这个怎么办"), TwoWayLibrary(), TODAY)
    assert "您是想问" in said(turn)


def test_the_lawyer_model_alone_brings_a_lawyer_with_its_plain_reason():
    turn = respond(State(), Incoming("在厂里做了八年，合同到期了，工资一直没涨", lawyer_score=0.9), Library(), TODAY)
    assert "可能需要律师具体判断" in said(turn)
