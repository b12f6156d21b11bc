"""Documents drafted from the case (casework/documents.py), pure: every amount is a
calculator's with its articles, every article exists in knowledge/laws, and what the worker
did not say is a marked blank, never made up. Then the chat: the wording that asks for a
document, and the turn that answers it or offers it after a figure."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework import figures
from casework.documents import KINDS, amount_text, basis, build, place
from casework.policy import Incoming
from casework.signals import wants_document
from knowledge.laws import cite, load_laws
from tests.test_policy import said, talk

TODAY = dt.date(2026, 11, 30)
CITATION = re.compile(r"《([^》]+)》((?:第[一二三四五六七八九十百零]+条、?)+)")
WAGES = {"monthly_wage": 5000, "months_unpaid": 3, "city": "杭州", "employer": "杭州美美服装有限公司"}
NO_CONTRACT = {"monthly_wage": 6000, "months_worked": 8, "written_contract": False}
DISMISSED = {"monthly_wage": 8000, "months_worked": 30, "dismissed": True, "notice_given": False, "city": "深圳"}


def drafted(kind: str, topic: str, facts: dict):
    return build(kind, topic, facts, figures.figures(facts, topic, TODAY), TODAY)


def article_names() -> set[str]:
    from knowledge.laws import SHORT_NAMES
    return {SHORT_NAMES.get(law, law) for law, _ in load_laws()}


def cited(text: str) -> list[tuple[str, str]]:
    """(law as shown, article) for every citation in the text, grouped ones ungrouped."""
    found = []
    for law, articles in CITATION.findall(text):
        found += [(law, a) for a in re.findall(r"第[一二三四五六七八九十百零]+条", articles)]
    return found


@pytest.mark.parametrize("kind, topic, facts, amounts, articles", [
    ("arbitration", "wage_arrears", WAGES, ["15,000元"], ["《劳动合同法》第三十条", "《劳动法》第五十条"]),
    ("arbitration", "no_written_contract", NO_CONTRACT, ["42,000元"], ["《劳动合同法》第八十二条"]),
    ("arbitration", "dismissal_severance", DISMISSED, ["48,000元", "24,000元", "8,000元"],
     ["《劳动合同法》第八十七条", "《劳动合同法》第四十七条"]),
    ("complaint", "wage_arrears", WAGES, ["15,000元"], ["《劳动保障监察条例》第二十六条", "《劳动合同法》第三十条"]),
    ("complaint", "no_written_contract", NO_CONTRACT, [], ["《劳动保障监察条例》第二十四条", "《劳动合同法》第十条"]),
    ("resignation", "wage_arrears", {**WAGES, "months_worked": 26}, ["15,000元", "15,000元"],
     ["《劳动合同法》第三十八条第一款第（二）项", "《劳动合同法》第四十六条"]),
])
def test_each_document_states_the_calculated_amounts_with_their_articles(kind, topic, facts, amounts, articles):
    document = drafted(kind, topic, facts)
    text = document.text()
    for amount in amounts:
        assert amount in text
    for article in articles:  # grouped as legal writing does: 《劳动合同法》第十条、第八十二条
        one = re.fullmatch(r"《([^》]+)》(第[^条]+条)", article)
        assert (one.groups() in cited(text)) if one else (article in text), article
    known = article_names()
    laws = load_laws()
    for law, article in cited(text + "\n".join(document.notes)):  # no article that is not in knowledge/laws
        assert law in known, law
        full = next(name for name, _ in laws if (name == law or cite(name, 1).startswith(f"《{law}》")))
        assert any(cite(full, n).endswith(article) for (name, n) in laws if name == full), (law, article)


def test_every_amount_in_a_claim_is_a_figure_with_the_calculators_articles():
    calculations = figures.figures(DISMISSED, "dismissal_severance", TODAY)
    document = build("arbitration", "dismissal_severance", DISMISSED, calculations, TODAY)
    by_key = {c["key"]: c for c in calculations}
    assert [c.key for c in document.claims] == ["unlawful_termination"]  # N and notice pay: its alternative
    claim = document.claims[0]
    assert claim.amount == by_key["unlawful_termination"]["amount"] == 48000
    for law, article in by_key["unlawful_termination"]["citations"]:
        assert cite(law, article) in claim.citations
    assert "如认定被申请人解除合法，则请求支付解除劳动合同的经济补偿24,000元、代通知金（额外一个月工资）8,000元" in claim.text


@pytest.mark.parametrize("kind", KINDS)
def test_what_the_worker_did_not_say_is_a_marked_blank(kind):
    document = drafted(kind, "wage_arrears", {"amount_owed": 9000})
    text = document.text()
    for label in ("姓名", "身份证号", "单位全称", "入职日期"):
        assert f"【请填写：{label}】" in text, label
    assert set(document.blanks) >= {"姓名", "身份证号", "单位全称"}
    assert not re.search(r"\d{15,18}", text)  # no ID number invented
    if kind != "resignation":
        assert "【请填写：联系电话】" in text and "【请填写：单位地址】" in text


@pytest.mark.parametrize("facts, addressee", [
    ({"city": "杭州"}, "杭州市劳动人事争议仲裁委员会"),
    ({"city": "上海市"}, "上海市劳动人事争议仲裁委员会"),
    ({"city": "浦东新区"}, "浦东新区劳动人事争议仲裁委员会"),
    ({}, "【请填写：单位所在地或干活所在地的市或区】劳动人事争议仲裁委员会"),
])
def test_the_arbitration_commission_is_the_workers_city_or_a_blank(facts, addressee):
    document = drafted("arbitration", "wage_arrears", {**facts, "amount_owed": 3000})
    assert document.addressee == addressee
    assert document.body[-4:-2] == ["此致", addressee]


def test_what_the_worker_said_is_used_and_marked_for_checking():
    document = drafted("arbitration", "wage_arrears", {**WAGES, "contact_phone": "13912345678",
                                                       "start_date": "2025-03-01", "evidence": ["工资条", "考勤记录"]})
    text = document.text()
    assert "杭州美美服装有限公司【请核对：单位全称，以营业执照为准】" in text
    assert "联系电话：13912345678" in text and "2025年3月1日入职被申请人" in text
    assert "1. 工资条（证据来源：申请人持有）" in text and "2. 考勤记录（证据来源：申请人持有）" in text


def test_no_figure_no_amount_only_a_blank_claim():
    document = drafted("arbitration", "wage_arrears", {"city": "杭州"})
    assert document.claims == () and document.total == 0
    assert "1. 请求裁决被申请人【请填写：请求事项和金额】。" in document.text()


def test_a_monthly_overtime_figure_asks_for_the_months_and_stays_out_of_the_total():
    facts = {"monthly_wage": 4350, "overtime_hours_per_month": 20}
    document = drafted("arbitration", "overtime", facts)
    [claim] = document.claims
    assert not claim.in_total and "共【请填写：加班月数】个月" in claim.text


@pytest.mark.parametrize("topic, facts, grounds, items", [
    ("wage_arrears", {"amount_owed": 9000}, ["wages"], "第（二）项"),
    ("social_insurance", {}, ["insurance"], "第（三）项"),
    ("other_labour", {}, [], "请在符合的情形前打√"),
])
def test_the_resignation_notice_names_the_ground_of_article_38(topic, facts, grounds, items):
    document = drafted("resignation", topic, facts)
    assert document.extra["grounds"] == grounds
    assert items in document.text() and "《劳动合同法》第三十八条第一款" in document.text()
    assert document.salutation and document.body[1] == "【请填写：单位全称】："


def test_the_resignation_warning_says_what_leaving_gives_up_and_gains():
    document = drafted("resignation", "wage_arrears", {"amount_owed": 9000, "monthly_wage": 6000, "months_worked": 30})
    assert "就没有这份工作和工资了" in document.warning
    assert "《劳动合同法》第四十六条第（一）项" in document.warning and "约18,000元" in document.warning  # 2.5 years count as 3: 3 × 6,000
    assert document.notes[0] == document.warning


def test_the_article_texts_say_what_the_documents_rely_on():
    laws = load_laws()
    assert "未及时足额支付劳动报酬" in laws[("劳动合同法", 38)].text
    assert "未依法为劳动者缴纳社会保险费" in laws[("劳动合同法", 38)].text
    assert "依照本法第三十八条规定解除劳动合同" in laws[("劳动合同法", 46)].text
    assert "劳动合同履行地或者用人单位所在地" in laws[("劳动争议调解仲裁法", 21)].text
    assert "有权向劳动保障行政部门投诉" in laws[("劳动保障监察条例", 9)].text


@pytest.mark.parametrize("city, expected", [("杭州", "杭州市"), ("苏州", "苏州市"), ("西湖区", "西湖区"), ("", "")])
def test_place(city, expected):
    assert place({"city": city} if city else {}) == expected


def test_amounts_and_grouped_citations_read_as_legal_writing():
    assert amount_text(15000) == "15,000" and amount_text(1234.5) == "1,234.50"
    assert basis(["《劳动合同法》第十条", "《劳动法》第五十条", "《劳动合同法》第八十二条"]) == \
        "《劳动合同法》第十条、第八十二条，《劳动法》第五十条"


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        build("will", "wage_arrears", {}, [], TODAY)


@pytest.mark.parametrize("text, kind", [
    ("帮我写仲裁申请书", "arbitration"),
    ("能帮我写个投诉书吗", "complaint"),
    ("帮我写被迫解除通知", "resignation"),
    ("给我一份投诉信模板", "complaint"),
    ("帮我起草一份解除劳动合同通知书", "resignation"),
    ("能帮我写仲裁申请吗", "arbitration"),
    ("仲裁申请书怎么写", None),      # a question about it: the knowledge base answers
    ("上个月写了个解除劳动合同通知书交给厂里", None),
    ("不会写投诉书，能不能口头说", None),
    ("我在泉州一家食品厂干了两年，被辞退了，厂里只给了半个月工资，你们能帮我写仲裁申请书吗", None),  # a case: answered first
    ("我想申请仲裁", None),          # asks about arbitration: answered, not drafted
    ("老板拖欠工资怎么办", None),
    ("我要写辞职信", None),          # an ordinary resignation is not a notice under 第三十八条
])
def test_the_wish_for_a_document(text, kind):
    assert wants_document(text) == kind


def test_asking_for_the_application_drafts_it_from_the_facts_and_figures_so_far():
    turns = talk("老板拖欠我工资怎么办", "一共欠了15000", "帮我写仲裁申请书")
    offer, asked = turns[1], turns[2]
    assert {"title": "帮我写仲裁申请书", "payload": "帮我写仲裁申请书"} in offer.buttons
    assert "起草劳动仲裁申请书" in said(offer)
    request = asked.meta["document"]
    assert request["kind"] == "arbitration" and request["topic"] == "wage_arrears"
    assert request["facts"]["amount_owed"] == 15000 and "_words" not in request["facts"]
    assert [c["key"] for c in request["calculations"]] == ["unpaid_wages"]
    assert "《劳动仲裁申请书》" in said(asked) and "【请填写：…】" in said(asked)


def test_the_application_is_offered_once():
    turns = talk("老板拖欠我工资怎么办", "一共欠了15000", "不对，是18000")
    assert sum("起草劳动仲裁申请书" in said(t) for t in turns) == 1


def test_asking_without_figures_says_the_amounts_are_left_blank():
    [turn] = talk("帮我写仲裁申请书")
    assert "金额先空着" in said(turn) and turn.meta["document"]["calculations"] == []


def test_the_resignation_notice_comes_with_the_warning_in_the_chat():
    [turn] = talk(Incoming("帮我写被迫解除通知"))
    assert "就没有这份工作和工资了" in said(turn) and "第四十六条" in said(turn)
    assert turn.meta["document"]["kind"] == "resignation"


def test_danger_comes_before_a_document():
    [turn] = talk("帮我写仲裁申请书，不然我就跳楼")
    assert "document" not in turn.meta and turn.ticket is not None
