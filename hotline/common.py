"""What several commands share: labelled JSONL files (`ask --jsonl`, `eval`, `kb eval`,
`kb attract`) and an assistant to run them against. A module of its own so that the CLI and
the evaluation both import it, rather than each other."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from foundation.settings import Settings


def read_jsonl(path: Path) -> list[dict]:
    """Every line an object with a "text"; a bad line is named with its number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise RuntimeError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(row, dict) or "text" not in row:
            raise RuntimeError(f"{path}:{number}: each line needs an object with a \"text\" field")
        rows.append(row)
    return rows


def entry_cases(path: Path) -> list[tuple[str, str]]:
    """(text, entry id) of a labelled file's questions that an entry covers."""
    return [(row["text"], row["entry"]) for row in read_jsonl(path) if row.get("entry", "none") != "none"]


@contextlib.contextmanager
def running_stack(config: Settings) -> Iterator[None]:
    """Use the running assistant if there is one; otherwise start one for this command.
    (The stack and the build are imported here: most commands need neither.)"""
    from hotline.stack import Stack, rasa_is_up, stop_on_sigterm

    if rasa_is_up(config):
        yield
        return
    from hotline.build import build_knowledge

    build_knowledge(config, log=lambda m: print(m, file=sys.stderr))
    stop_on_sigterm()
    print("starting the assistant (Rasa, action server) …", file=sys.stderr)
    with Stack(config, with_bot=False, log=lambda m: print(m, file=sys.stderr)):
        yield
