"""Operations timings: an FAQ edit until it is live, rebuilding the index, retraining the
embedder, retraining the Rasa model, against retraining the plain baseline model in the
same invocation.

    .venv/bin/python -m bench.ops

"Live" means a running action server answers with the edited text: staff run `hotline kb
build`, which publishes an index with the current embedder first (hotline/build.py),
and the action server swaps it in on its next request. Were the answers kept in Rasa (a
ResponseSelector or domain responses), every edit would wait for a Rasa retrain: that is
the comparison.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import PLAIN, arguments
from foundation.settings import Settings
from hotline.build import train_default_embedder
from hotline.nlu_build import assemble, rasa_env, train_command
from hotline.stack import Stack, stop_on_sigterm
from knowledge import FAQ_DIR
from knowledge.embedder import load_embedder
from knowledge.index import build_index
from testing.stack import ask_action_server, stack_env

QUESTION = "最低工资包括加班费吗"


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rasa_train(settings: Settings, project: Path, out: Path) -> float:
    """Seconds for `rasa train` from scratch (no cache) on `project`."""
    command = train_command(settings, out, "bench")
    return timed(lambda: subprocess.run(command, cwd=project, check=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env={**rasa_env(), "RASA_MAX_CACHE_SIZE": "0"}))


def edit_to_live(settings: Settings, tmp: Path) -> tuple[float, float]:
    """(seconds to publish the edited index, seconds from saving the edit to the answer changing)."""
    faq = tmp / "faq"
    shutil.copytree(FAQ_DIR, faq)
    embedder = load_embedder(settings.embedding_model)
    build_index(settings.kb_db, embedder, faq_dir=faq)
    with Stack(settings, with_bot=False, log=lambda m: None, only={"actions"}):
        ask_action_server(settings.actions_url, QUESTION)
        path = faq / "minimum_wage.yml"
        started = time.perf_counter()
        path.write_text(path.read_text(encoding="utf-8").replace("answer: |\n", "answer: |\n    【已更新】\n"),
                        encoding="utf-8")
        build_index(settings.kb_db, embedder, faq_dir=faq)
        published = time.perf_counter() - started
        while "【已更新】" not in ask_action_server(settings.actions_url, QUESTION):
            time.sleep(0.05)
        return published, time.perf_counter() - started


def main() -> None:
    # no options, but `--help` must say what this runs (minutes of retraining) rather than run it
    arguments(__spec__.name, __doc__).parse_args()
    stop_on_sigterm()
    base = Settings()
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ.update(stack_env(tmp / "data", HOTLINE_KB_DB=str(tmp / "index.db")))
        settings = Settings()
        published, live = edit_to_live(settings, tmp)
        rows.append(("FAQ edit → published (`hotline kb build`, first publish)", published))
        rows.append(("FAQ edit → live in the running action server", live))
        embedder = load_embedder(base.embedding_model)
        rows.append(("rebuild the whole index (221 entries, 966 articles)",
                     timed(lambda: build_index(tmp / "again.db", embedder))))
        rows.append(("retrain the embedder (`hotline kb train-embedder`)",
                     timed(lambda: train_default_embedder(base, out_dir=tmp / "embedder"))))
        project = tmp / "rasa"
        shutil.copytree(assemble(base), project)
        rows.append(("retrain our Rasa model (`hotline nlu build`)", rasa_train(base, project, tmp / "models")))
        plain = tmp / "plain"
        shutil.copytree(PLAIN, plain)
        rows.append(("retrain the plain baseline's tiny Rasa model", rasa_train(base, plain, tmp / "models")))
    print("| operation | seconds |")
    print("|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} |")
    retrain = rows[4][1]
    print(f"\nAn FAQ edit is live {retrain / rows[1][1]:.0f}× sooner than a Rasa retrain would allow.")


if __name__ == "__main__":
    main()
