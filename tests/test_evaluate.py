"""`hotline eval`: the scores (pure), the confusion matrix picture, and a run through the real stack."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from foundation.settings import Settings
from hotline.cli import main as hotline
from hotline.evaluate import confusion_table, plot_confusion, score

LABELS = [
    {"id": "a", "text": "q1", "topic": "wage_arrears", "escalate": True, "must_mention": [["仲裁", "监察"], ["12333"]]},
    {"id": "b", "text": "q2", "topic": "overtime", "topic_alt": ["wage_arrears"], "escalate": False},
    {"id": "c", "text": "q3", "topic": "probation", "escalate": False, "must_mention": [["试用期"]]},
]


def result(topic: str, escalate: bool, answer: str, latency: float = 50.0) -> dict:
    return {"topic": topic, "escalate": escalate, "answer": answer, "latency_ms": latency}


def test_scores_count_alternatives_escalation_and_required_facts():
    metrics = score(LABELS, [result("wage_arrears", True, "去劳动监察"),     # right; misses 12333
                             result("wage_arrears", True, ""),             # allowed alternative; escalated wrongly
                             result("dismissal", False, "试用期内……")])   # wrong topic
    assert metrics["topic_accuracy"] == round(2 / 3, 3)
    assert metrics["escalation_precision"] == 0.5 and metrics["escalation_recall"] == 1.0
    assert metrics["must_mention"] == round(2 / 3, 3)
    assert metrics["confusion"][("probation", "dismissal")] == 1
    assert {f["id"] for f in metrics["failures"]} == {"a", "b", "c"}


def test_the_confusion_matrix_has_expected_rows_and_answered_columns(tmp_path):
    confusion = Counter({("overtime", "overtime"): 3, ("overtime", "wage_arrears"): 1})
    topics, matrix = confusion_table(confusion)
    assert topics == ["overtime", "wage_arrears"]
    assert matrix == [[3, 1], [0, 0]]
    picture = plot_confusion(confusion, tmp_path / "m.png", "test")
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size > 5000


@pytest.mark.stack
def test_hotline_eval_writes_a_report_and_fails_under_a_threshold(running_stack: Settings, tmp_path, capsys):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in [
        {"id": "1", "text": "试用期被辞退了有没有补偿", "topic": "probation", "escalate": False},
        {"id": "2", "text": "加班费怎么算", "topic": "overtime", "escalate": False, "must_mention": [["150%"]]},
    ]), encoding="utf-8")
    report = tmp_path / "out" / "report.md"
    assert hotline(["eval", str(labels), "--report", str(report), "--min-topic-accuracy", "0.5"]) == 0
    assert "topic accuracy" in report.read_text(encoding="utf-8")
    assert (tmp_path / "out" / "report-confusion.png").exists()
    assert hotline(["eval", str(labels), "--report", str(report), "--min-must-mention", "1.01"]) == 1
    assert "under the threshold: must_mention" in capsys.readouterr().out


def test_entry_accuracy_counts_only_covered_questions_and_accepts_alternatives():
    labels = [{"id": "a", "text": "q", "topic": "overtime", "escalate": False, "entry": "ot-weekend"},
              {"id": "b", "text": "q", "topic": "overtime", "escalate": False, "entry": "ot-rate", "entry_alt": ["ot-weekend"]},
              {"id": "c", "text": "q", "topic": "overtime", "escalate": False, "entry": "ot-rate"},
              {"id": "d", "text": "q", "topic": "other_labour", "escalate": False, "entry": "none"}]
    answered = ["ot-weekend", "ot-weekend", "ot-holiday", "anything"]
    metrics = score(labels, [{**result(label["topic"], False, ""), "faq_id": faq} for label, faq in zip(labels, answered, strict=True)])
    assert metrics["entry_accuracy"] == round(2 / 3, 3) and metrics["entry_n"] == 3
    assert [f["id"] for f in metrics["failures"]] == ["c"]
    assert score(LABELS[:1], [result("wage_arrears", True, "仲裁 12333")])["entry_accuracy"] is None
