"""The assembled Rasa project passes Rasa's own validation (domain, data, rules, forms)."""

from __future__ import annotations

import subprocess

from hotline.nlu_build import assemble, generated_nlu, rasa_env


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
