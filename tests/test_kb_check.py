"""`hotline kb check` finds each kind of mistake a staff member can make, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.settings import Settings
from hotline.cli import main
from knowledge.check import check, find_conflicts
from knowledge.embedder import load_embedder
from knowledge.faq import load_faq

PARAPHRASES = [f"公司不签合同第{n}种说法" for n in range(1, 9)]


def entry(**fields) -> str:
    base = {
        "id": "nwc-test", "topic": "no_written_contract", "question": "入职一个多月还没签合同怎么办？",
        "paraphrases": PARAPHRASES, "answer": "可以要求签订书面劳动合同。", "reviewed": "2026-11-22",
        "citations": [{"law": "劳动合同法", "article": 82}],
    }
    base.update(fields)
    lines = []
    for key, value in base.items():
        if value is None:
            continue
        if key == "paraphrases":
            lines.append("  paraphrases:")
            lines += [f"    - {p}" for p in value]
        elif key == "citations":
            lines.append("  citations:")
            lines += [f"    - {{law: {c['law']}, article: {c['article']}}}" for c in value]
        else:
            lines.append(f"  {key}: {value}")
    lines[0] = "- " + lines[0].lstrip()
    return "\n".join(lines) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in load_faq(folder).problems]


def test_a_good_file_has_no_problems(tmp_path):
    write(tmp_path, "no_written_contract.yml", entry())
    assert problems_of(tmp_path) == []
    assert len(load_faq(tmp_path).entries) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"topic": "no_such_topic"}, "未知主题「no_such_topic」"),
    ({"citations": [{"law": "劳动合同法", "article": 999}]}, "《劳动合同法》第999条不存在"),
    ({"citations": [{"law": "劳动保护法", "article": 1}]}, "《劳动保护法》第1条不存在"),
    ({"answer": "很长" * 200}, "超过 350 字"),
    ({"paraphrases": PARAPHRASES[:3]}, "至少需要 8 条"),
    ({"reviewed": "上周"}, "reviewed 应为日期"),
    ({"question": None}, "缺少必填字段「question」"),
    ({"anwser": "拼错了"}, "未知字段「anwser」"),
    ({"answer": "可以。入职一个月内应当签订书面劳动合同。"}, "不要以「可以」「不合法」这类结论词开头"),
])
def test_each_kind_of_mistake_is_reported_with_file_and_line(tmp_path, fields, message):
    write(tmp_path, "no_written_contract.yml", "# 注释\n" + entry(**fields))
    problems = problems_of(tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path}/no_written_contract.yml:2:")
    assert message in problems[0]


def test_duplicate_ids_across_files_point_at_the_first_use(tmp_path):
    write(tmp_path, "no_written_contract.yml", entry())
    write(tmp_path, "probation.yml", entry(topic="probation"))
    problems = problems_of(tmp_path)
    assert len(problems) == 1
    assert "重复" in problems[0] and "no_written_contract.yml:1" in problems[0]


def test_broken_yaml_is_reported_with_its_line(tmp_path):
    good = entry()
    write(tmp_path, "no_written_contract.yml", good + "- id: broken\n  question: 没有冒号\n  answer\n" + good)
    problems = problems_of(tmp_path)
    assert len(problems) == 1
    assert "YAML 格式错误" in problems[0]
    broken_line = good.count("\n") + 1
    reported = int(problems[0].split(".yml:")[1].split(":")[0])
    assert broken_line <= reported <= broken_line + 3, problems[0]  # at (or just after) the broken entry


def test_a_topic_in_the_wrong_file_is_reported(tmp_path):
    write(tmp_path, "probation.yml", entry())
    assert "应放在 faq/no_written_contract.yml" in problems_of(tmp_path)[0]


def test_two_entries_that_workers_cannot_tell_apart_are_a_conflict(tmp_path):
    same = [f"老板一直拖着不签劳动合同 情况{n}" for n in range(8)]
    write(tmp_path, "no_written_contract.yml",
          entry(id="nwc-a", paraphrases=same) + entry(id="nwc-b", question="没签合同能要双倍工资吗？",
                                                      paraphrases=[f"二倍工资 双倍工资 怎么要 {n}" for n in range(7)]
                                                      + ["老板一直拖着不签劳动合同 情况0"]))
    conflicts = [str(p) for p in find_conflicts(tmp_path, load_embedder(Settings().embedding_model))]
    assert any("nwc-a" in p and "nwc-b" in p for p in conflicts), conflicts


def test_the_command_exits_non_zero_and_prints_problems(tmp_path, capsys):
    write(tmp_path, "no_written_contract.yml", entry(topic="nope"))
    assert main(["kb", "check", "--faq-dir", str(tmp_path), "--no-conflicts"]) == 1
    assert "未知主题" in capsys.readouterr().err


def test_the_real_knowledge_base_passes_its_own_checks():
    problems = check(conflicts=False)
    assert problems == [], "\n".join(map(str, problems))


def test_corpus_labels_that_point_at_no_entry_are_reported(tmp_path):
    import json

    from knowledge.corpus import check_corpus, load_corpus

    corpus = tmp_path / "train"
    corpus.mkdir()
    rows = [{"text": "老板三个月没发工资", "topic": "wage_arrears", "entry": "wage-unpaid-one-month", "escalate": False},
            {"text": "没签合同能要双倍吗", "topic": "no_written_contract", "entry": "nwc-renamed", "escalate": False},
            {"text": "加班费咋算", "topic": "overtime", "entry": "wage-unpaid-one-month", "escalate": False},
            {"text": "问个事", "topic": "other_labour", "entry": "none", "escalate": False}]
    (corpus / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n")
    messages, problems = load_corpus(corpus)
    assert len(messages) == 4 and len(problems) == 1 and problems[0].line == 5
    found = [str(p) for p in check_corpus(messages, {"wage-unpaid-one-month": "wage_arrears"},
                                          ["wage_arrears", "no_written_contract", "overtime", "other_labour"])]
    assert len(found) == 2
    assert "a.jsonl:2:" in found[0] and "nwc-renamed" in found[0]
    assert "a.jsonl:3:" in found[1] and "属于主题 wage_arrears" in found[1]
