"""The n-gram models: numpy inference reproduces scikit-learn's, survives a save and load,
and learns what a small table of worker messages teaches it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from knowledge.ngram_model import char_ngrams, lawyer_probability, load_ngram_model, train_ngram_model

MESSAGES = [
    ("老板欠我三个月工资不给", "wages"), ("工钱拖了半年了咋办", "wages"), ("包工头不发工资人跑了", "wages"),
    ("厂里两个月没开支了", "wages"), ("工资一直拖着不发", "wages"),
    ("干了一年没签合同能要双倍工资吗", "contract"), ("老板不跟我签劳动合同", "contract"),
    ("入职半年了合同还没签", "contract"), ("没签合同被辞退了", "contract"), ("公司一直不签合同", "contract"),
    ("在工地摔断了腿算工伤吗", "injury"), ("上班时手被机器压伤了", "injury"), ("干活摔伤了老板不管", "injury"),
    ("工伤认定去哪里申请", "injury"), ("车间里受伤了公司不认工伤", "injury"),
]
TEXTS, LABELS = [t for t, _ in MESSAGES], [label for _, label in MESSAGES]


def test_features_and_scores_are_scikit_learns():
    model = train_ngram_model(TEXTS, LABELS, "svm", max_features=500, strength=1.0)
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                                 max_features=500, dtype=np.float32).fit(TEXTS)
    reference = LinearSVC(C=1.0, random_state=0).fit(vectorizer.transform(TEXTS), LABELS)
    for text in ["老板  欠我工资，工资！", "Ab 合同合同", "摔伤"]:
        row = vectorizer.transform([text])
        indices, values = model.features(text)
        dense = np.zeros(row.shape[1], dtype=np.float32)
        dense[indices] = values
        assert np.allclose(dense, row.toarray()[0], atol=1e-6)
        assert np.allclose(model.scores(text), reference.decision_function(row)[0], atol=2e-3)  # float16 weights


def test_a_new_message_gets_the_label_its_words_point_to():
    model = train_ngram_model(TEXTS, LABELS, "svm", max_features=2000, strength=1.0)
    for text, label in [("我们工地的工资拖了三个月没给", "wages"), ("公司到现在都没签合同", "contract"),
                        ("上班时摔伤了腿", "injury")]:
        assert model.labels[int(np.argmax(model.scores(text)))] == label


def test_saved_model_scores_the_same(tmp_path):
    model = train_ngram_model(TEXTS, LABELS, "svm", max_features=2000, strength=1.0)
    model.save(tmp_path / "entry.npz")
    again = load_ngram_model(tmp_path / "entry.npz")
    assert again.labels == model.labels
    assert np.array_equal(again.scores("老板欠薪跑路了"), model.scores("老板欠薪跑路了"))


def test_lawyer_probability_is_higher_for_the_case_a_lawyer_should_take():
    texts = [t for t, _ in MESSAGES] + ["工友从脚手架上摔下来人没了", "老板跑路了联系不上几十个人的工资",
                                        "厂子倒闭了老板失联", "儿子十五岁在厂里手被压断了"]
    labels = ["advice"] * len(MESSAGES) + ["lawyer"] * 4
    model = train_ngram_model(texts, labels, "logistic", max_features=2000, strength=4.0)
    assert lawyer_probability(model, "老板跑路了失联了") > lawyer_probability(model, "合同还没签")


def test_unknown_model_kind_is_refused():
    with pytest.raises(ValueError, match="unknown model kind"):
        train_ngram_model(TEXTS, LABELS, "forest")


@given(st.text(max_size=60))
def test_features_are_unit_length_or_empty(text):
    model = _small_model()
    indices, values = model.features(text)
    assert len(indices) == len(values)
    assert len(values) == 0 or abs(float(np.linalg.norm(values)) - 1.0) < 1e-5


@given(st.text(max_size=40), st.integers(1, 3))
def test_char_ngrams_have_the_asked_length(text, n):
    assert all(len(g) == n for g in char_ngrams(text, (n, n)))


_MODEL = None


def _small_model():
    global _MODEL
    if _MODEL is None:
        _MODEL = train_ngram_model(TEXTS, LABELS, "svm", max_features=500, strength=1.0)
    return _MODEL
