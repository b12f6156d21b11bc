"""Staff publish a change and the running action server answers with it, without a
restart; a broken publish never takes the service down."""

from __future__ import annotations

import shutil
import time

import pytest

from foundation.settings import Settings
from hotline.stack import Stack
from knowledge import FAQ_DIR
from knowledge.embedder import load_embedder
from knowledge.index import BuildError, build_index
from testing.stack import ask_action_server, stack_env

QUESTION = "最低工资包括加班费吗"


@pytest.fixture()
def published(tmp_path, environment):
    """A staff copy of the minimum-wage FAQ, published to its own index, served by a real action server."""
    faq = tmp_path / "faq"
    faq.mkdir()
    shutil.copy(FAQ_DIR / "minimum_wage.yml", faq / "minimum_wage.yml")
    settings = environment(stack_env(tmp_path, HOTLINE_KB_DB=str(tmp_path / "index.db")))
    embedder = load_embedder(settings.embedding_model)
    build_index(settings.kb_db, embedder, faq_dir=faq)
    with Stack(settings, with_bot=False, log=lambda m: None, only={"actions"}):
        yield settings, faq, embedder


@pytest.mark.stack
def test_an_edited_answer_is_live_without_restart(published):
    settings, faq, embedder = published
    before = ask_action_server(settings.actions_url, QUESTION)
    assert "加班" in before
    path = faq / "minimum_wage.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("answer: |\n", "answer: |\n    【已更新】\n"),
                    encoding="utf-8")
    started = time.perf_counter()
    build_index(settings.kb_db, embedder, faq_dir=faq)
    while "【已更新】" not in ask_action_server(settings.actions_url, QUESTION):
        assert time.perf_counter() - started < 5, "the change was not live within 5 seconds"
        time.sleep(0.1)


@pytest.mark.stack
def test_a_broken_faq_file_keeps_the_last_good_index_serving(published):
    settings, faq, embedder = published
    (faq / "minimum_wage.yml").write_text("- id: broken\n  question: [没有闭合\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build_index(settings.kb_db, embedder, faq_dir=faq)
    assert "加班" in ask_action_server(settings.actions_url, QUESTION)


@pytest.mark.stack
def test_a_corrupt_index_file_is_reported_and_the_old_one_keeps_serving(published):
    settings, _, _ = published
    assert "加班" in ask_action_server(settings.actions_url, QUESTION)
    settings.kb_db.write_bytes(b"this is not a database")
    assert "加班" in ask_action_server(settings.actions_url, QUESTION)
    assert "keeping the previous index" in (settings.log_dir / "actions.log").read_text()


@pytest.mark.training  # encodes the whole index twice: 17 s
def test_kb_build_publishes_an_edit_before_retraining_the_embedder(tmp_path, environment, monkeypatch):
    """A changed FAQ goes live with the current embedder first (seconds), then again retrained.
    Only the order is checked here: the training itself is stood in for (the embedder is
    trained for real by test_retrieval.py, and that takes minutes on 2 cores)."""
    import json

    from hotline import build
    from hotline.build import build_knowledge
    from knowledge.embedder import MARKER

    monkeypatch.setattr(build, "train_embedder",
                        lambda groups, out, base_model=None: {"pairs": sum(map(len, groups)), "final_loss": 0.0})

    source = Settings()
    shutil.copytree(source.embedding_model, tmp_path / "embedder")
    shutil.copytree(source.classifiers_dir, tmp_path / "classifiers")  # current: not retrained
    (tmp_path / "kb").mkdir()
    shutil.copy(source.kb_db, tmp_path / "kb" / "index.db")
    marker = tmp_path / "embedder" / MARKER
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "source_hash": "an older FAQ"}))
    monkeypatch.delenv("HOTLINE_KB_DB", raising=False)
    monkeypatch.delenv("HOTLINE_EMBEDDING_MODEL", raising=False)
    settings = environment({"HOTLINE_VAR_DIR": str(tmp_path)})
    said: list[str] = []
    build_knowledge(settings, log=said.append)
    published = [i for i, line in enumerate(said) if line.startswith("knowledge base published")]
    training = next(i for i, line in enumerate(said) if "training the embedding model" in line)
    assert len(published) == 2 and published[0] < training < published[1]
    assert "live now" in said[published[0]]
