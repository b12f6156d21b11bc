"""What a message signals, in the words workers use (casework/signals.py)."""

from __future__ import annotations

import pytest

from casework import signals


@pytest.mark.parametrize(("text", "kind"), [
    ("我真的不想活了，家里孩子都没钱上学", "self_harm"),
    ("活着真没意思 想从厂房楼顶跳下去", "self_harm"),
    ("真的撑不下去了 想一了百了", "self_harm"),
    ("老板说再来要钱就找人打我们", "violence"),
    ("他们围着我不让我走", "violence"),
    ("我们厂一百多人被欠了半年工资，大家准备明天去堵门", None),  # a lawyer, urgently; not 110
    ("钢管砸下来把腿砸断了", None),
    ("加班费怎么算", None),
])
def test_danger(text, kind):
    assert signals.crisis(text) == kind


@pytest.mark.parametrize(("text", "consents"), [
    ("好", True), ("嗯嗯", True), ("可以的", True), ("好的，我同意，请律师联系我", True),
    ("不用了", False), ("算了", False), ("加班费怎么算", False), ("", False),
])
def test_consent(text, consents):
    assert signals.consents(text) is consents


@pytest.mark.parametrize(("text", "chat", "phone"), [
    ("就在这里", True, False), ("这里就行", True, False), ("打电话吧", False, True), ("别打电话，发消息", True, False),
])
def test_contact(text, chat, phone):
    assert signals.contact_in_chat(text) is chat and signals.contact_by_phone(text) is phone


def test_several_problems_most_serious_first():
    assert [t for t, _ in signals.issues("在工地受伤了，老板还把我开除了，工资也没结")] == [
        "work_injury", "dismissal_severance", "wage_arrears"]
    assert signals.issues("离职后医保断了怎么办") == [("social_insurance", "社保")]


@pytest.mark.parametrize(("text", "injury"), [
    ("手被压断了", True), ("被机器压住了手", True), ("被撞了一下头很痛", True), ("左手被绞进去了", True),
    ("脚被砸了", True),
    # 压/卷 of wages and money is not an injury.
    ("我每个月被压1000，干了8个月", False), ("被压了两个月工资", False), ("被卷了两千块钱", False),
])
def test_injury_words(text, injury):
    assert ("work_injury" in [t for t, _ in signals.issues(text)]) is injury


@pytest.mark.parametrize(("text", "only_a_person"), [
    ("转人工", True),
    ("我要找律师", True),
    ("帮我找律师吧", True),
    # About lawyers, not a request: the question gets its answer.
    ("请问找律师打劳动仲裁大概要多少钱？公司欠我加班费和补偿大概两万左右", False),
    ("我准备自己去申请，不想请律师，要准备哪些东西", False),
    ("我们也请不起律师，哪里能帮帮我们", False),
    # A whole case with the wish: answered first, the lawyer offered with it.
    ("我想找律师帮我要回工资，老板欠了我三个月工资一万五，现在电话也不接了，人也找不到了，怎么办", False),
])
def test_a_plain_request_for_a_person_is_told_from_a_question_about_lawyers(text, only_a_person):
    assert signals.asks_for_person_only(text) is only_a_person


@pytest.mark.parametrize(("text", "skips"), [
    ("跳过", True), ("不知道", True), ("不清楚", True), ("记不清了", True), ("不记得", True),
    ("4500", False), ("有", False),
])
def test_a_question_the_worker_cannot_answer_is_skipped(text, skips):
    assert signals.skips(text) is skips


@pytest.mark.parametrize(("text", "nothing"), [
    ("啊啊啊嗯嗯", True), ("喂喂喂", True), ("嗯", True), ("哈哈哈哈哈哈", True),
    ("工资没发", False), ("老板跑了咋办", False),
])
def test_interjections_alone_say_nothing_to_look_up(text, nothing):
    assert signals.says_nothing(text) is nothing


@pytest.mark.parametrize(("text", "kind"), [
    ("谢谢", "thanks"), ("好的谢谢！", "thanks"), ("谢谢律师", "thanks"), ("您好", "greet"), ("在吗？", "greet"),
    ("拜拜", "goodbye"),
    # More than small talk: looked up or answered as what it is.
    ("谢谢，那我工资怎么要", None), ("你好 我想问下加班费", None), ("好的", None),
])
def test_small_talk_whatever_the_nlu_says(text, kind):
    assert signals.small_talk(text) == kind


@pytest.mark.parametrize("text", ["律师能帮我吗", "律师可以帮我要工资吗", "律师能不能帮帮我"])
def test_asking_whether_a_lawyer_can_help_is_a_request_for_one(text):
    assert signals.asks_for_person_only(text)
