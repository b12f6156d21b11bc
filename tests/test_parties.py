"""Who a case is against, read from workers' own words, and the key that groups them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.parties import employer_core, party_of


@pytest.mark.parametrize(("words", "kind", "name", "key"), [
    # the employer, however it is written
    ("在华强建筑公司的工地干活，老板欠了三个月工资", "employer", "华强建筑公司", "employer:华强"),
    ("我给华强建筑打工的", "employer", "华强建筑", "employer:华强"),
    ("华强公司欠我工资", "employer", "华强公司", "employer:华强"),
    ("我在深圳华强建筑工程有限公司", "employer", "深圳华强建筑工程有限公司", "employer:华强"),
    ("我在宏达电子厂上班", "employer", "宏达电子厂", "employer:宏达"),
    ("在顺丰快递上班", "employer", "顺丰快递", "employer:顺丰"),
    ("华强建筑欠我们三个月工资", "employer", "华强建筑", "employer:华强"),
    # the site: one employer with the company of the same name
    ("在华强建筑的工地", "employer", "华强建筑", "employer:华强"),
    ("华强的工地拖欠工资", "site", "华强工地", "employer:华强"),
    ("在万科城项目干了三个月", "site", "万科城项目", "employer:万科城"),
    ("万科城工地的工头老李", "site", "万科城工地", "employer:万科城"),
    # the 包工头 or the boss by full name
    ("包工头叫王建国，欠我们两万", "foreman", "王建国", "foreman:王建国"),
    ("老板叫张三欠我们工资", "boss", "张三", "boss:张三"),
    # by surname only: a key only with the city
    ("深圳的包工头姓王", "foreman", "王某", "foreman:王@深圳"),
    ("在杭州，姓刘的包工头欠钱", "foreman", "刘某", "foreman:刘@杭州"),
    ("包工头老王在深圳", "foreman", "王某", "foreman:王@深圳"),
    ("包工头姓王，跑了", "foreman", "王某", None),
    ("张老板不给钱", "boss", "张某", None),
    ("厂长姓王", "boss", "王某", None),
])
def test_who_the_case_is_against(words, kind, name, key):
    party = party_of([words])
    assert (party.kind, party.name, party.key) == (kind, name, key)


@pytest.mark.parametrize("words", [
    "公司不给钱", "我们厂里不发工资", "工地上的包工头跑了", "我们这个工地", "干了三个月的工地", "我在服装厂上班",
    "在一家建筑公司", "老板叫我加班", "老板叫马上走人", "老板是个骗子", "包工头是我老乡", "经理叫我们走",
    "老板说下个月发", "在这个建筑干活", "在包头打工", "",
])
def test_generic_words_name_nobody(words):
    assert party_of([words]) is None


def test_the_three_ways_of_writing_one_employer_share_a_key():
    keys = {party_of([words]).key for words in ("我在华强建筑干活", "华强建筑公司欠薪", "华强公司不发工资", "华强的工地")}
    assert keys == {"employer:华强"}


def test_the_confirmed_employer_fact_and_the_city_from_another_message_count():
    assert party_of(["老板跑了"], {"employer": "华强建筑有限公司"}).key == "employer:华强"
    assert party_of(["我在杭州干活", "包工头姓刘，欠了我们三个月"]).key == "foreman:刘@杭州"
    assert party_of(["包工头姓刘"], {"city": "杭州"}).key == "foreman:刘@杭州"


def test_a_party_with_a_key_wins_over_one_without():
    assert party_of(["张老板不给钱", "在华强建筑公司干"]).key == "employer:华强"


@pytest.mark.parametrize(("name", "core"), [
    ("华强建筑", "华强"), ("华强建筑公司", "华强"), ("华强公司", "华强"), ("华强建筑工程有限公司", "华强"),
    ("深圳市华强建筑有限公司", "华强"), ("富士康科技集团", "富士康"), ("建筑公司", None), ("电子厂", None), ("公司", None),
])
def test_employer_core(name, core):
    assert employer_core(name) == core


@given(st.lists(st.text(max_size=60), max_size=3))
def test_never_raises(lines):
    party = party_of(lines)
    assert party is None or party.key is None or len(party.key.split(":", 1)[1]) >= 1
