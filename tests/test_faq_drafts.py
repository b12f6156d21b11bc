"""FAQ drafts from resolved tickets: the worker's words and the lawyer's answer in the FAQ
files' own format, only real articles cited, written where the knowledge base never reads;
from the desk's button and from `hotline tickets draft-faq`."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml
from fastapi.testclient import TestClient

from casework.faq_draft import DraftError, draft_entry, to_yaml, worker_words
from desk.web import create_app
from foundation.settings import settings as process_settings
from hotline.cli import main
from knowledge import FAQ_DIR, LAWS_DIR
from knowledge.faq import load_faq, load_topics
from knowledge.index import content_hash
from knowledge.laws import law_names, load_laws
from stores.faq_drafts import write_draft
from stores.lawyers import Lawyers
from stores.tickets import TicketError, Tickets
from testing.stack import stack_env

TRANSCRIPT = [
    {"from": "worker", "text": "老板拖欠我三个月工资，一共一万三，我电话13912345678"},
    {"from": "assistant", "text": "拖欠工资可以投诉。依据：《劳动法》第五十条"},
    {"from": "worker", "text": "找律师"},
    {"from": "worker", "text": "/handoff{\"contact\": \"chat\"}"},
    {"from": "worker", "text": "好的"},
    {"from": "worker", "text": "在这里回复我"},
    {"from": "worker", "text": "[附件] attachments/x.jpg"},
    {"from": "worker", "text": "老板说公司没钱: 让我等着"},
    {"from": "lawyer", "text": "您好，欠薪可以申请劳动仲裁，不收费（劳动争议调解仲裁法第五十三条）。\n  先把工资条保存好。"},
    {"from": "lawyer", "text": "仲裁时效是一年，见劳动合同法第999条。"},  # no such article: never cited
]


def ticket(**changes) -> dict:
    return {"id": "12351-20261101-0007", "topic": "wage_arrears", "status": "closed", "resolved": "2026-11-20T10:00:00",
            "reasons": ["涉及金额较大"], "calculations": [{"citations": [["劳动合同法", 30]]}],
            "transcript": TRANSCRIPT, **changes}


def draft(**changes) -> dict:
    return draft_entry(ticket(**changes), load_laws().keys(), law_names(), load_topics())


def test_the_question_is_the_workers_own_words_without_the_hand_over():
    assert worker_words(TRANSCRIPT) == ["老板拖欠我三个月工资，一共一万三，我电话139****5678", "老板说公司没钱: 让我等着"]


def test_the_draft_takes_the_lawyers_answer_and_only_real_articles():
    entry = draft()
    assert entry["id"] == "draft-12351-20261101-0007" and entry["topic"] == "wage_arrears"
    assert entry["answer"].startswith("您好，欠薪可以申请劳动仲裁") and "仲裁时效是一年" in entry["answer"]
    assert entry["citations"] == [{"law": "劳动争议调解仲裁法", "article": 53}, {"law": "劳动合同法", "article": 30},
                                  {"law": "劳动法", "article": 50}]  # the lawyer's first; 第999条 left out
    assert entry["lawyer_when"] == "涉及金额较大" and entry["reviewed"] == "待核对"
    assert draft(topic="no_such_topic")["topic"] == "other_labour"


@pytest.mark.parametrize(("changes", "reason"), [
    ({"resolved": None}, "还没有解决"),
    ({"status": "in_progress"}, "还没有解决"),  # reopened: the lawyer's answer may still change
    ({"transcript": TRANSCRIPT[:8]}, "没有律师的回复"),
    ({"transcript": [{"from": "worker", "text": "找律师"}, *TRANSCRIPT[8:]]}, "没有职工描述问题的原话"),
    ({"transcript": []}, "没有律师的回复"),  # anonymised after retention
])
def test_a_ticket_without_what_a_draft_needs_is_refused_with_the_reason(changes, reason):
    with pytest.raises(DraftError, match=reason):
        draft(**changes)


def test_the_draft_file_is_an_faq_entry_that_the_check_holds_back_until_reviewed(tmp_path):
    entry = draft()
    text = to_yaml(entry, "12351-20261101-0007", dt.date(2026, 11, 30))
    [read] = yaml.safe_load(text)
    assert {**read, "answer": read["answer"].strip()} == entry  # quoted where YAML needs it (": ")
    faq = tmp_path / "faq"
    faq.mkdir()
    (faq / "wage_arrears.yml").write_text(text, encoding="utf-8")  # moved by staff as it is
    problems = [p.message for p in load_faq(faq).problems]
    assert len(problems) == 2 and "paraphrases 只有 1 条" in problems[0] and "reviewed 应为日期" in problems[1]
    reviewed = text.replace("reviewed: 待核对", "reviewed: 2026-12-01").replace(
        "  answer: |", "".join(f"    - 工资拖了好久第{n}种说法\n" for n in range(7)) + "  answer: |")
    (faq / "wage_arrears.yml").write_text(reviewed, encoding="utf-8")
    result = load_faq(faq)
    assert result.problems == [] and [e.id for e in result.entries] == ["draft-12351-20261101-0007"]


def test_the_knowledge_base_never_reads_the_drafts_folder(tmp_path):
    faq = tmp_path / "faq"
    faq.mkdir()
    shutil.copy(FAQ_DIR / "minimum_wage.yml", faq / "minimum_wage.yml")
    before = load_faq(faq)
    fingerprint = content_hash(faq, LAWS_DIR, tmp_path / "no-corpus")
    path = write_draft(ticket(), faq / "drafts", dt.date(2026, 11, 30))
    (faq / "drafts" / "broken.yml").write_text("- id: [unclosed", encoding="utf-8")
    after = load_faq(faq)
    assert path.exists() and after.problems == [] == before.problems
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert content_hash(faq, LAWS_DIR, tmp_path / "no-corpus") == fingerprint  # kb build sees nothing new


def resolved_ticket(tickets: Tickets) -> str:
    number = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=TRANSCRIPT[:8], channel="telegram", chat_id="42", consent=True)
    tickets.claim(number, "wang", "王律师")
    tickets.reply(number, "wang", TRANSCRIPT[8]["text"])
    tickets.resolve(number, "wang", "advice_given")
    return number


def test_hotline_tickets_draft_faq(tmp_path, environment, capsys):
    environment(stack_env(tmp_path))
    process_settings.cache_clear()
    try:
        tickets = Tickets(process_settings().cases_db)
        number = resolved_ticket(tickets)
        open_one = tickets.create(topic="overtime", urgency="normal", reasons=["x"], facts={}, calculations=[],
                                  transcript=[], channel="telegram", chat_id="43", consent=True)
        tickets.disconnect()
        assert main(["tickets", "draft-faq", number, "--out-dir", str(tmp_path / "drafts")]) == 0
        written = yaml.safe_load((tmp_path / "drafts" / f"{number}.yml").read_text(encoding="utf-8"))
        assert written[0]["question"].startswith("老板拖欠我三个月工资")
        assert main(["tickets", "draft-faq", open_one, "--out-dir", str(tmp_path / "drafts")]) == 1
        assert "还没有解决" in capsys.readouterr().err
    finally:
        process_settings.cache_clear()


def test_the_desk_button_writes_the_draft_for_a_resolved_ticket(tmp_path, environment):
    config = environment(stack_env(tmp_path, HOTLINE_FAQ_DRAFTS_DIR=str(tmp_path / "drafts")))
    tickets = Tickets(config.cases_db)
    Lawyers(tickets.db).add("wang", "王律师", "correct horse battery")
    number = resolved_ticket(tickets)
    client = TestClient(create_app(config), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "wang", "password": "correct horse battery", "csrf": token})
    page = client.get(f"/tickets/{number}").text
    assert 'id="faq-draft"' in page
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    done = client.post(f"/tickets/{number}/faq-draft", data={"csrf": token})
    assert "已生成FAQ草稿" in client.get(done.headers["location"]).text
    assert (tmp_path / "drafts" / f"{number}.yml").exists()
    tickets.reopen(number, "wang")
    tickets.reply(number, "wang", "还有一件事")
    assert 'id="faq-draft"' not in client.get(f"/tickets/{number}").text  # not while it is open again
    with pytest.raises(TicketError, match="还没有解决"):
        write_draft(tickets.get(number), tmp_path / "drafts")
    tickets.disconnect()
