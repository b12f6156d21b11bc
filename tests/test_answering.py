"""How the NLU's intent and retrieval are combined into one decision."""

from __future__ import annotations

from casework.answering import answer_text, choose, one_message, topic_scores
from casework.article_refs import find_refs
from knowledge.laws import law_names
from knowledge.retrieval import Candidate


def cand(entry: str, topic: str, score: float) -> Candidate:
    return Candidate(entry, topic, score, score, score, "")


def searcher(*candidates: Candidate):
    return lambda topic: [c for c in candidates if c.topic == topic]


WAGE = cand("wage-unpaid", "wage_arrears", 0.6)
CONTRACT = cand("nwc-double", "no_written_contract", 0.55)


def test_a_confident_intent_and_a_good_match_give_an_answer():
    choice = choose({"wage_arrears": 0.95}, [WAGE, CONTRACT], searcher(WAGE, CONTRACT))
    assert choice.kind == "answer" and choice.candidates[0].entry_id == "wage-unpaid"


def test_retrieval_can_overrule_an_unsure_intent():
    choice = choose({"probation": 0.3, "no_written_contract": 0.25}, [CONTRACT], searcher(CONTRACT))
    assert choice.kind == "answer" and choice.topic == "no_written_contract"


def test_nothing_close_means_not_sure():
    weak = cand("x", "overtime", 0.15)
    assert choose({"overtime": 0.2}, [weak], searcher(weak)).kind == "unsure"
    assert choose({}, [], searcher()).kind == "unsure"


def test_two_close_topics_and_an_unsure_intent_ask_which_one():
    wage = cand("wage-final-pay", "wage_arrears", 0.6)
    resign = cand("resign-final-pay", "resignation", 0.6)
    choice = choose({"wage_arrears": 0.4, "resignation": 0.38}, [wage, resign], searcher(wage, resign))
    assert choice.kind == "clarify"
    assert {c.entry_id for c in choice.candidates} == {"wage-final-pay", "resign-final-pay"}


def test_a_follow_up_leans_towards_the_topic_under_discussion():
    wage = cand("wage-final-pay", "wage_arrears", 0.5)
    resign = cand("resign-final-pay", "resignation", 0.5)
    scores = topic_scores({}, [wage, resign], context_topic="resignation")
    assert scores["resignation"] > scores["wage_arrears"]


def test_an_answer_shows_its_legal_basis_and_offers_more_in_one_message():
    entry = {"answer": "先保存证据。\n\n再去投诉。", "details": "更多", "citations": [{"law": "劳动合同法", "article": 82}]}
    text = answer_text(entry)
    assert "依据：《劳动合同法》第八十二条" in text
    assert "「详细」" in text and "「原文」" in text
    assert "\n\n" not in text
    assert one_message("a\n \nb") == "a\nb"


def test_article_references_in_a_message():
    laws = law_names()
    assert find_refs("劳动合同法第八十二条说的什么", laws) == [("劳动合同法", 82)]
    assert find_refs("劳动合同法实施条例第6条", laws) == [("劳动合同法实施条例", 6)]
    assert find_refs("82条原文", laws, default_law="劳动合同法") == [("劳动合同法", 82)]
    assert find_refs("你好", laws) == []
