"""Load and check the FAQ files that staff edit (knowledge/faq/<topic>.yml).

Staff are not developers: every problem is reported with the file and line it is on,
in a sentence that says what to change. Loading never raises on bad content; it
returns the entries that are fine and the list of problems, so a broken file can be
reported while the last good index keeps serving.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import FAQ_DIR, KNOWLEDGE_DIR, LAWS_DIR, TAXONOMY_FILE
from knowledge.laws import canonical_law, load_laws

MAX_ANSWER_CHARS = 350
# libyaml's safe loader when PyYAML has it: the pure-Python one takes 2.5 s for the FAQ files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# An answer is read by workers whose question matched it, phrased their own way: a bare
# verdict first ("可以。") answers a yes/no question they may not have asked.
VERDICT_OPENING = re.compile(r"^(不对|不可以|可以|要|不要|能|不能|是|不是|有|没有|对|会|不会|算|不算|需要|不需要|应该|必须|不用|"
                             r"无效|有效|合法|违法|不合法)[，。！,；：!]")
MIN_PARAPHRASES = 8
REQUIRED = ("id", "topic", "question", "paraphrases", "answer", "citations", "reviewed")
OPTIONAL = ("details", "lawyer_when")


@dataclass(frozen=True)
class Citation:
    law: str
    article: int


@dataclass(frozen=True)
class Entry:
    """One FAQ entry: a question, how workers phrase it, and the answer with its law."""

    id: str
    topic: str
    question: str
    paraphrases: tuple[str, ...]
    answer: str
    citations: tuple[Citation, ...]
    details: str = ""
    lawyer_when: str = ""
    reviewed: str = ""
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Problem:
    """Something a staff member must fix, with where it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class LoadResult:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_topics(path: Path = TAXONOMY_FILE) -> dict[str, str]:
    """Topic code -> Chinese name, from the shared taxonomy."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {code: spec["zh"] for code, spec in data["topics"].items()}


def load_faq(faq_dir: Path = FAQ_DIR, laws_dir: Path = LAWS_DIR) -> LoadResult:
    """Load every FAQ file and check it; duplicates are checked across files."""
    result = LoadResult()
    topics = load_topics()
    articles = load_laws(laws_dir)
    seen: dict[str, Problem] = {}
    for path in sorted(faq_dir.glob("*.yml")):
        for entry, problems in _load_file(path):
            result.problems.extend(problems)
            if entry is None:
                continue
            entry_problems = _check_entry(entry, topics, articles)
            if entry.id in seen:
                first = seen[entry.id]
                entry_problems.append(
                    Problem(entry.file, entry.line, f"id「{entry.id}」重复，已在 {first.file}:{first.line} 使用；id 不能重复使用")
                )
            else:
                seen[entry.id] = Problem(entry.file, entry.line, "")
            result.problems.extend(entry_problems)
            if not entry_problems:
                result.entries.append(entry)
    return result


def _load_file(path: Path) -> list[tuple[Entry | None, list[Problem]]]:
    """Entries of one file; names are shown relative to the project, as staff see them."""
    name = str(path.relative_to(KNOWLEDGE_DIR.parent)) if path.is_relative_to(KNOWLEDGE_DIR.parent) else str(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return [(None, [Problem(name, line, f"YAML 格式错误：{reason}（常见原因：缩进不对、冒号后缺空格、引号没配对）")])]
    if data is None:
        return []
    if not isinstance(data, list) or node is None or not isinstance(node, yaml.SequenceNode):
        return [(None, [Problem(name, 1, "文件应当是一个条目列表，每个条目以「- id:」开头")])]
    return [_build_entry(item, item_node.start_mark.line + 1, name) for item, item_node in zip(data, node.value, strict=True)]


def _build_entry(item: object, line: int, name: str) -> tuple[Entry | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [Problem(name, line, "条目应当是「字段: 值」的形式")]
    problems = [Problem(name, line, f"缺少必填字段「{key}」") for key in REQUIRED if key not in item]
    unknown = sorted(set(item) - set(REQUIRED) - set(OPTIONAL))
    problems += [Problem(name, line, f"未知字段「{key}」（拼写错误？）") for key in unknown]
    if problems:
        return None, problems
    paraphrases = item["paraphrases"] if isinstance(item["paraphrases"], list) else []
    citations, citation_problems = _parse_citations(item["citations"], line, name)
    if not isinstance(item["paraphrases"], list):
        citation_problems.append(Problem(name, line, "「paraphrases」应当是一个列表"))
    entry = Entry(
        id=str(item["id"]).strip(),
        topic=str(item["topic"]).strip(),
        question=str(item["question"]).strip(),
        paraphrases=tuple(str(p).strip() for p in paraphrases if str(p).strip()),
        answer=str(item["answer"]).strip(),
        citations=tuple(citations),
        details=str(item.get("details") or "").strip(),
        lawyer_when=str(item.get("lawyer_when") or "").strip(),
        reviewed=_date_text(item["reviewed"]),
        file=name,
        line=line,
    )
    return (None if citation_problems else entry), citation_problems


def _parse_citations(raw: object, line: int, name: str) -> tuple[list[Citation], list[Problem]]:
    if not isinstance(raw, list):
        return [], [Problem(name, line, "「citations」应当是列表，例如 - {law: 劳动合同法, article: 82}")]
    citations, problems = [], []
    for cite in raw:
        try:
            citations.append(Citation(canonical_law(str(cite["law"])), int(cite["article"])))
        except (TypeError, KeyError, ValueError):
            problems.append(Problem(name, line, f"引用格式不对：{cite!r}，应为 {{law: 法律名称, article: 条号数字}}"))
    return citations, problems


def _date_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _check_entry(entry: Entry, topics: dict[str, str], articles: dict) -> list[Problem]:
    def problem(message: str) -> Problem:
        return Problem(entry.file, entry.line, f"[{entry.id}] {message}")

    problems = []
    if not entry.id or not entry.id.replace("-", "").isascii() or " " in entry.id:
        problems.append(problem("id 只能用英文小写字母、数字和连字符，例如 no-contract-double-wages"))
    if entry.topic not in topics:
        problems.append(problem(f"未知主题「{entry.topic}」，可用的主题见 knowledge/taxonomy.yml"))
    elif Path(entry.file).stem != entry.topic:
        problems.append(problem(f"主题「{entry.topic}」与文件名不一致，应放在 faq/{entry.topic}.yml"))
    if len(entry.answer) > MAX_ANSWER_CHARS:
        problems.append(problem(f"answer 有 {len(entry.answer)} 字，超过 {MAX_ANSWER_CHARS} 字；把细节移到 details"))
    if VERDICT_OPENING.match(entry.answer):
        problems.append(problem("answer 不要以「可以」「不合法」这类结论词开头：先说规定本身（问法各不相同，结论词可能答非所问）"))
    if len(entry.paraphrases) < MIN_PARAPHRASES:
        problems.append(problem(f"paraphrases 只有 {len(entry.paraphrases)} 条，至少需要 {MIN_PARAPHRASES} 条"))
    if not entry.question:
        problems.append(problem("question 不能为空"))
    for cite in entry.citations:
        if (cite.law, cite.article) not in articles:
            problems.append(problem(f"引用的《{cite.law}》第{cite.article}条不存在（请核对 knowledge/laws/ 中的法律全文）"))
    try:
        dt.date.fromisoformat(entry.reviewed)
    except ValueError:
        problems.append(problem(f"reviewed 应为日期，例如 2026-11-22，现在是「{entry.reviewed}」"))
    return problems
