"""`hotline ask` and `hotline chat` against the real running stack."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from foundation.settings import ROOT, Settings
from hotline.cli import main

CONTRACT = {"id", "text", "intent", "confidence", "topic", "faq_id", "answer", "citations", "escalate",
            "ticket_id", "latency_ms"}


@pytest.mark.stack
def test_jsonl_returns_the_contract_for_every_line(running_stack: Settings, tmp_path):
    questions = tmp_path / "in.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "text": "公司拖了我两个月工资不发"},
        {"id": "b", "text": "入职半年了还没签劳动合同"},
        {"id": "c", "text": "今天天气怎么样"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["ask", "--jsonl", str(questions), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    for row in rows:
        assert set(row) >= CONTRACT
        assert isinstance(row["latency_ms"], float) and row["latency_ms"] > 0
    assert rows[0]["topic"] == "wage_arrears" and rows[0]["citations"]
    assert rows[1]["topic"] == "no_written_contract"
    assert any(c["law"] == "劳动合同法" and c["article"] == 82 for c in rows[1]["citations"])
    assert rows[2]["topic"] == "out_of_scope" and "12348" in rows[2]["answer"]


@pytest.mark.stack
def test_lines_of_one_conversation_are_turns_in_order(running_stack: Settings, tmp_path):
    questions = tmp_path / "in.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": 1, "conversation": "c1", "text": "劳动合同法第八十二条说的什么"},
        {"id": 2, "conversation": "c1", "text": "谢谢"},
        {"id": 3, "text": "你好"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["ask", "--jsonl", str(questions), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r.get("conversation"), r.get("turn")) for r in rows] == [("c1", 1), ("c1", 2), (None, None)]
    assert "二倍的工资" in rows[0]["answer"]


def test_a_bad_input_file_gets_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "ok"}\nnot json\n', encoding="utf-8")
    assert main(["ask", "--jsonl", str(bad)]) == 1
    assert f"{bad}:2" in capsys.readouterr().err


@pytest.mark.stack
def test_terminal_chat_talks_to_the_running_stack(running_stack: Settings):
    done = subprocess.run(
        [sys.executable, "-m", "hotline.cli", "chat"], input="老板欠我工资不给\n/quit\n", text=True,
        capture_output=True, cwd=ROOT, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "助手：" in done.stdout and "工资" in done.stdout


@pytest.mark.stack
def test_an_escalation_with_consent_returns_a_ticket_that_the_ticket_list_shows(running_stack: Settings, tmp_path,
                                                                               capsys):
    questions = tmp_path / "in.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": 1, "conversation": "esc", "text": "我们厂一百多人被欠了半年工资，大家准备明天去堵门"},
        {"id": 2, "conversation": "esc", "text": "找律师"},
        {"id": 3, "conversation": "esc", "text": '/handoff{"contact": "chat"}'},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["ask", "--jsonl", str(questions), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["escalate"] and rows[0]["ticket_id"] is None
    ticket_id = rows[2]["ticket_id"]
    assert ticket_id
    capsys.readouterr()
    assert main(["tickets", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(t["id"] == ticket_id and t["urgency"] == "urgent" for t in listed)
