"""The law texts parse into exactly the articles they contain."""

from __future__ import annotations

import re

import pytest

from knowledge import LAWS_DIR
from knowledge.laws import Article, canonical_law, cite, load_laws, parse_law
from knowledge.numerals import int_to_zh, zh_to_int

LAW_FILES = sorted(p for p in LAWS_DIR.glob("*.md") if p.name != "SOURCES.md")
PARTS_ONLY = {"民法典": "总则编 and 侵权责任编 only, official numbering (see SOURCES.md)"}
ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条", re.MULTILINE)


def find_article(law: str, number: int) -> Article | None:
    return load_laws().get((canonical_law(law), number))


@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: p.stem)
def test_every_article_line_becomes_one_article_numbered_in_order(path):
    articles = parse_law(path)
    expected = len(ARTICLE_LINE.findall(path.read_text(encoding="utf-8")))
    numbers = [a.number for a in articles]
    if path.stem in PARTS_ONLY:
        assert len(articles) == expected and numbers == sorted(set(numbers))
    elif expected:
        assert len(articles) == expected
        assert numbers == list(range(1, expected + 1))
    else:  # the 21.75-day notice has numbered sections instead of articles
        assert [a.number for a in articles] == [1, 2]
    assert all(a.text for a in articles)


def test_article_82_of_the_labour_contract_law_is_about_double_wages():
    article = find_article("劳动合同法", 82)
    assert article.chapter == "第七章 法律责任"
    assert "二倍的工资" in article.text
    assert article.label == "《劳动合同法》第八十二条"


def test_the_implementing_regulation_is_not_confused_with_the_law():
    assert find_article("劳动合同法实施条例", 6).law == "劳动合同法实施条例"
    assert "两倍的工资" in find_article("劳动合同法实施条例", 6).text


@pytest.mark.parametrize(("name", "law"), [
    ("《劳动合同法》", "劳动合同法"),
    ("中华人民共和国劳动法", "劳动法"),
    ("劳动争议司法解释（一）", "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"),
])
def test_law_names_are_normalised(name, law):
    assert canonical_law(name) == law


@pytest.mark.parametrize(("number", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (82, "八十二"),
                                              (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_numerals_round_trip(number, text):
    assert int_to_zh(number) == text
    assert zh_to_int(text) == number


def test_no_article_is_invented():
    assert find_article("劳动合同法", 99) is None
    assert len(load_laws()) > 900
    assert cite("劳动法", 44) == "《劳动法》第四十四条"


def test_the_civil_code_keeps_its_official_numbers_across_the_parts_we_carry():
    assert "诉讼时效期间为三年" in find_article("民法典", 188).text
    assert find_article("民法典", 1191).label == "《民法典》第一千一百九十一条"
