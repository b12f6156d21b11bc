"""Parse the official law texts (knowledge/laws/*.md) into articles.

Each file is a verbatim copy of the source (see knowledge/laws/SOURCES.md): a title,
`##` chapter headings, and articles that start a line with 第X条. Everything the
assistant says about the law is cited to an `Article` parsed here, so a citation of an
article that does not exist is an error, not a typo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge import LAWS_DIR
from knowledge.numerals import int_to_zh, zh_to_int

ARTICLE_START = re.compile(r"^第([一二三四五六七八九十百千零〇两]+)条[\s　]*")
SECTION_START = re.compile(r"^##\s*([一二三四五六七八九十]+)、")
HEADING = re.compile(r"^(#{2,})\s*(.+)$")
INFO_END = "<!-- INFO END -->"

# Short names people and FAQ files use for the long official titles.
ALIASES = {
    "最高人民法院劳动争议司法解释（一）": "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
    "最高人民法院拒不支付劳动报酬刑事案件司法解释": "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释",
    "劳动争议司法解释（一）": "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
    "劳动争议司法解释": "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
    "拒不支付劳动报酬司法解释": "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释",
    "工资折算通知": "关于职工全年月平均工作时间和工资折算问题的通知",
    "最高人民法院事业单位人事争议案件规定": "最高人民法院关于人民法院审理事业单位人事争议案件若干问题的规定",
    "事业单位人事争议司法解释": "最高人民法院关于人民法院审理事业单位人事争议案件若干问题的规定",
    "最高人民法院工伤保险行政案件规定": "最高人民法院关于审理工伤保险行政案件若干问题的规定",
    "工伤保险行政案件司法解释": "最高人民法院关于审理工伤保险行政案件若干问题的规定",
    "职工工作时间规定": "国务院关于职工工作时间的规定",
    "实施〈中华人民共和国社会保险法〉若干规定": "实施《中华人民共和国社会保险法》若干规定",
    "实施〈社会保险法〉若干规定": "实施《中华人民共和国社会保险法》若干规定",
    "实施社会保险法若干规定": "实施《中华人民共和国社会保险法》若干规定",
    "社会保险法若干规定": "实施《中华人民共和国社会保险法》若干规定",
    "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定": "国务院关于渐进式延迟法定退休年龄的办法",
    "关于实施渐进式延迟法定退休年龄的决定": "国务院关于渐进式延迟法定退休年龄的办法",
    "延迟退休决定": "国务院关于渐进式延迟法定退休年龄的办法",
    "渐进式延迟法定退休年龄的办法": "国务院关于渐进式延迟法定退休年龄的办法",
    "延迟退休办法": "国务院关于渐进式延迟法定退休年龄的办法",
    "非法用工单位一次性赔偿办法": "非法用工单位伤亡人员一次性赔偿办法",
}


@dataclass(frozen=True)
class Article:
    """One article of one law, the unit every citation points at."""

    law: str
    number: int
    chapter: str
    text: str

    @property
    def label(self) -> str:
        """The citation as a worker reads it: 《劳动合同法》第八十二条."""
        return cite(self.law, self.number)


# How long official titles are shown to workers (the usual short names).
SHORT_NAMES = {
    "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）": "最高人民法院劳动争议司法解释（一）",
    "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释": "最高人民法院拒不支付劳动报酬刑事案件司法解释",
    "关于职工全年月平均工作时间和工资折算问题的通知": "关于职工全年月平均工作时间和工资折算问题的通知",
    "最高人民法院关于人民法院审理事业单位人事争议案件若干问题的规定": "最高人民法院事业单位人事争议案件规定",
    "最高人民法院关于审理工伤保险行政案件若干问题的规定": "最高人民法院工伤保险行政案件规定",
    # the title keeps the source’s 《》; inside a citation they become 〈〉: 《实施〈中华人民共和国社会保险法〉若干规定》
    "实施《中华人民共和国社会保险法》若干规定": "实施〈中华人民共和国社会保险法〉若干规定",
}


def cite(law: str, number: int) -> str:
    """Format a citation the way Chinese legal writing does."""
    name = SHORT_NAMES.get(law, law)
    if law == "关于职工全年月平均工作时间和工资折算问题的通知":  # numbered sections, not articles
        return f"《{name}》第{int_to_zh(number)}部分"
    return f"《{name}》第{int_to_zh(number)}条"


def canonical_law(name: str) -> str:
    """Accept 《劳动合同法》, 中华人民共和国劳动合同法 or an alias; return the file stem."""
    name = name.strip().strip("《》")
    name = ALIASES.get(name, name)
    return name.removeprefix("中华人民共和国")


def parse_law(path: Path) -> list[Article]:
    """Split one law file into articles; numbered sections count as articles when
    the text has no 第X条 (the 21.75-day notice is written that way)."""
    law = path.stem
    lines = path.read_text(encoding="utf-8").splitlines()
    if INFO_END in lines:
        lines = lines[lines.index(INFO_END) + 1 :]
    articles = list(_parse_articles(law, lines, ARTICLE_START))
    if not articles:
        articles = list(_parse_articles(law, lines, SECTION_START))
    return articles


def _parse_articles(law: str, lines: list[str], start: re.Pattern[str]) -> Iterator[Article]:
    chapter, number, body = "", 0, []  # type: ignore[var-annotated]
    for line in lines:
        match = start.match(line)
        heading = HEADING.match(line)
        if match:
            if number:
                yield Article(law, number, chapter, "\n".join(body).strip())
            number, body = zh_to_int(match.group(1)), [line.strip()]
            if heading:  # a numbered section heading is both
                chapter = heading.group(2).strip()
        elif heading and start is ARTICLE_START:
            if number:
                yield Article(law, number, chapter, "\n".join(body).strip())
                number, body = 0, []
            chapter = heading.group(2).strip()
        elif number and line.strip():
            body.append(line.strip())
    if number:
        yield Article(law, number, chapter, "\n".join(body).strip())


@lru_cache(maxsize=4)
def load_laws(laws_dir: Path = LAWS_DIR) -> dict[tuple[str, int], Article]:
    """All articles of all law files, keyed by (law, number)."""
    table: dict[tuple[str, int], Article] = {}
    for path in sorted(laws_dir.glob("*.md")):
        if path.name == "SOURCES.md":
            continue
        for article in parse_law(path):
            table[(article.law, article.number)] = article
    return table


def law_names(laws_dir: Path = LAWS_DIR) -> list[str]:
    return sorted({law for law, _ in load_laws(laws_dir)})
