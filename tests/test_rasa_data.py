"""The assembled Rasa project passes Rasa's own validation (domain, data, rules, forms)."""

from __future__ import annotations

import subprocess

import pytest

from hotline.nlu_build import assemble, generated_nlu, rasa_env


@pytest.mark.stack
def test_rasa_data_validate_passes(tmp_path, environment):
    settings = environment({"HOTLINE_VAR_DIR": str(tmp_path)})
    project = assemble(settings)
    done = subprocess.run(
        [str(settings.rasa_bin), "data", "validate", "--domain", "domain.yml", "--data", "data"],
        cwd=project, capture_output=True, text=True, env=rasa_env(), timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_topic_examples_are_generated_from_the_knowledge_base_and_marked():
    text = generated_nlu(["wage_arrears"], {"wage_arrears": ["老板拖欠工资", "老板拖欠工资", "包工头跑了"]})
    assert text.startswith("# GENERATED")
    assert text.count("老板拖欠工资") == 1  # duplicates removed


def test_every_question_is_an_example_and_no_topic_outgrows_the_cap():
    from hotline.nlu_build import EXAMPLES_PER_TOPIC, training_examples
    from knowledge.faq import load_faq, load_topics

    topics = list(load_topics())
    examples = training_examples(topics, set())
    assert all(len(texts) <= EXAMPLES_PER_TOPIC for texts in examples.values())
    assert all(e.question in examples[e.topic] for e in load_faq().entries)
    assert examples == training_examples(topics, set())  # the same model inputs, build after build
    held = examples["wage_arrears"][-1]
    assert held not in training_examples(topics, {held})["wage_arrears"]
