"""The evidence checklist: the shipped file loads, a broken one says where and what, the pure
checklist follows the facts and the worker's ticks, and the chat offers and keeps it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from bot.lawyers_group import announcement
from casework import evidence
from casework.fact_keys import KINDS
from casework.policy import Incoming, State, respond
from foundation import clock as hotline_clock
from knowledge import TAXONOMY_FILE
from knowledge.evidence import RANKS, EvidenceError, load_evidence, parse_evidence
from stores.reminders import Reminders
from tests.test_desk import desk, sign_in  # noqa: F401 (a fixture)
from tests.test_policy import Library as PolicyLibrary

TODAY = dt.date(2026, 11, 30)
CATALOGUE = load_evidence(fact_keys=set(KINDS))
TOPICS = set(yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))["topics"])


def test_the_shipped_file_loads_and_covers_the_problems_with_figures():
    assert {"wage_arrears", "no_written_contract", "dismissal_severance", "overtime", "probation",
            "social_insurance", "work_injury"} <= set(CATALOGUE)
    for topic, items in CATALOGUE.items():
        assert topic in TOPICS
        assert [RANKS.index(i.rank) for i in items] == sorted(RANKS.index(i.rank) for i in items)
        assert any(i.rank == "关键" for i in items), topic
        assert all(i.how.endswith("。") for i in items)


GOOD_ITEM = {"name": "银行流水", "how": "去银行打印。"}


@pytest.mark.parametrize("data, where", [
    ({"items": {}}, "needs two sections"),
    ({"items": {"bank": {"how": "去银行打印。"}}, "topics": {}}, "items → bank: field 'name'"),
    ({"items": {"bank": {**GOOD_ITEM, "note": "x"}}, "topics": {}}, "items → bank: unknown field 'note'"),
    ({"items": {"bank": GOOD_ITEM}, "topics": {"wages": [{"item": "bank", "rank": "关键"}]}},
     "topics → wages: not a topic code"),
    ({"items": {"bank": GOOD_ITEM}, "topics": {"overtime": [{"item": "bank", "rank": "很重要"}]}},
     "topics → overtime → entry 1: field 'rank'"),
    ({"items": {"bank": GOOD_ITEM}, "topics": {"overtime": [{"item": "bank", "rank": "关键"}, {"item": "card", "rank": "辅助"}]}},
     "topics → overtime → entry 2: field 'item': 'card' is not defined"),
    ({"items": {"bank": GOOD_ITEM}, "topics": {"overtime": [{"item": "bank", "rank": "关键", "when": {"contract": True}}]}},
     "topics → overtime → entry 1: field 'when': 'contract' is not a fact key"),
])
def test_a_mistake_is_reported_with_file_entry_and_field(data, where):
    with pytest.raises(EvidenceError) as error:
        parse_evidence(data, "evidence.yml", TOPICS, set(KINDS))
    assert str(error.value).startswith("evidence.yml") and where in str(error.value)


def test_a_file_that_is_not_yaml_is_reported(tmp_path):
    broken = tmp_path / "evidence.yml"
    broken.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(EvidenceError, match="evidence.yml: not valid YAML"):
        load_evidence(broken)


def ids(topic: str, facts: dict, ticks: dict | None = None) -> list[str]:
    return [row["id"] for row in evidence.checklist(topic, facts, CATALOGUE, ticks)]


@pytest.mark.parametrize("topic, facts, present, absent", [
    ("dismissal_severance", {}, ["dismissal_notice"], ["contract", "badge"]),
    ("dismissal_severance", {"written_contract": True}, ["contract"], ["badge"]),
    ("dismissal_severance", {"written_contract": False}, ["badge"], ["contract"]),
    ("work_injury", {"injured": True}, ["medical_records"], ["injury_decision", "disability_appraisal"]),
    ("work_injury", {"injury_recognised": True, "disability_grade": 9}, ["injury_decision", "disability_appraisal"], []),
    ("social_insurance", {"injured": True}, ["medical_records"], []),
    ("social_insurance", {}, ["social_insurance_record"], ["medical_records"]),
    ("legal_aid", {}, [], ["bank_statement"]),
])
def test_items_follow_the_facts(topic, facts, present, absent):
    shown = ids(topic, facts)
    assert all(i in shown for i in present) and not any(i in shown for i in absent)


def test_the_most_important_come_first_and_what_the_worker_named_is_ticked():
    rows = evidence.checklist("wage_arrears", {"evidence": ["考勤记录", "银行流水"]}, CATALOGUE)
    assert [r["rank"] for r in rows] == sorted((r["rank"] for r in rows), key=RANKS.index)
    have = {r["id"] for r in rows if r["have"]}
    assert have == {"attendance", "bank_statement"}
    ticks = evidence.toggled({}, rows, "attendance")  # pressed: "I do not have it after all"
    assert not next(r for r in evidence.checklist("wage_arrears", {"evidence": ["考勤记录"]}, CATALOGUE, ticks)
                    if r["id"] == "attendance")["have"]


class Library(PolicyLibrary):
    def evidence(self):
        return CATALOGUE


def turns(*messages: str) -> list:
    state, said = State(), []
    for text in messages:
        turn = respond(state, Incoming(text), Library(), TODAY)
        said.append(turn)
        state = turn.state
    return said


def test_the_worker_asks_what_evidence_and_ticks_what_they_have():
    asked, ticked, again = turns("工资没发要准备什么证据", '/evidence{"item": "attendance"}', '/evidence{"item": "attendance"}')
    assert "考勤记录" in asked.texts[0] and "【关键】" in asked.texts[0]
    assert "⬜ 考勤记录" in [b["title"] for b in asked.buttons]
    assert asked.state.topic == "wage_arrears"
    assert "记下了：您有考勤记录" in ticked.texts[0] and "欠条或结算单" in ticked.texts[0]
    assert "✅ 考勤记录" in [b["title"] for b in ticked.buttons]
    assert {"id": "attendance", "name": "考勤记录", "rank": "关键", "have": True} in ticked.meta["evidence"]
    assert "⬜ 考勤记录" in [b["title"] for b in again.buttons] and again.state.evidence == {"attendance": False}


def test_an_answer_offers_the_checklist_and_the_ticket_carries_the_ticks():
    answer, shown, _, _, _, opened = turns("老板拖欠工资怎么办", "/evidence_list", '/evidence{"item": "iou"}',
                                           "找律师", "好", "就在这里")
    assert {"title": "要准备哪些证据", "payload": "/evidence_list"} in answer.buttons
    assert "欠条或结算单" in shown.texts[0]
    assert opened.ticket is not None
    assert {"id": "iou", "name": "欠条或结算单", "rank": "关键", "have": True} in opened.ticket.evidence
    assert "欠条或结算单" in evidence.summary(list(opened.ticket.evidence)).split("；")[0]


def test_without_a_problem_there_is_no_checklist_to_show():
    [turn] = turns("/evidence_list")
    assert "请先说说您遇到了什么问题" in turn.texts[0] and not turn.buttons


def test_the_lawyer_sees_the_ticks_in_the_group_and_on_the_desk(desk):  # noqa: F811
    client, tickets, ticket = desk
    items = evidence.for_lawyer(evidence.checklist("wage_arrears", {"evidence": ["欠条"]}, CATALOGUE))
    assert tickets.set_evidence(ticket, items) and not tickets.set_evidence(ticket, items)  # unchanged: no event
    assert [e["action"] for e in tickets.events(ticket)].count("evidence") == 1
    post = announcement(tickets.get(ticket))
    assert "证据：已有：欠条或结算单；还缺：考勤记录（关键）" in post
    Reminders(tickets.db).add("42", hotline_clock.today() + dt.timedelta(days=100), "劳动仲裁时效", hotline_clock.today())
    sign_in(client)
    page = client.get(f"/tickets/{ticket}").text
    assert "截止日提醒" in page and "劳动仲裁时效截止日" in page
    assert "证据清单" in page and re.search(r"欠条或结算单</th><td>关键</td><td>✅ 职工已有", page)
    assert re.search(r"考勤记录</th><td>关键</td><td>⬜ 还没有", page)
