"""The `stack` marker's promise: a test without it starts none of the assistant's processes.

`make test-fast` runs `pytest -m "not stack"`. A test that starts the assistant's processes
(Rasa, the action server, the desk, the bot, PostgreSQL, Redis, nginx), a program of this
project's environments (its Python, Rasa, a browser driver) takes seconds to minutes and
needs the built models, so it carries the marker. An unmarked test that starts one anyway
fails at once, naming what it started, instead of quietly making the fast subset slow.

Plain worker processes that run our own code for a moment (the ticket store's test of
numbers across processes uses `multiprocessing`) are not stopped: they need nothing built
and finish in a second or two."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from hotline.stack import Service, Stack

ROOT = Path(__file__).resolve().parent.parent
MARKER = "stack"


class UnmarkedProcess(Exception):
    """A test without the `stack` marker tried to start a process of the assistant."""


def program_of(args: object, executable: object) -> str:
    """The program a Popen call runs (for `sh -c "…"`, the command's first word)."""
    if executable:
        return os.fsdecode(executable)
    if isinstance(args, str | bytes | os.PathLike):
        return os.fsdecode(args).split()[0]
    words = [os.fsdecode(a) for a in args]
    if len(words) > 2 and words[1] == "-c" and Path(words[0]).name in ("sh", "bash"):
        return words[2].split()[0]
    return words[0]


def is_ours(program: str) -> bool:
    """A program of this project: its virtual environments' Python, Rasa, scripts, the
    Playwright driver — anything under the repository (symlinks not followed: the venv's
    python points into pyenv)."""
    found = program if os.sep in program else shutil.which(program)
    return bool(found) and Path(os.path.abspath(found)).is_relative_to(ROOT)


@contextlib.contextmanager
def no_processes(test: str) -> Iterator[None]:
    """While inside, starting a stack service or a program of ours raises UnmarkedProcess."""
    hint = (f"{test} starts a process but has no `{MARKER}` marker: add `@pytest.mark.{MARKER}` "
            f"(or `pytestmark = pytest.mark.{MARKER}` for a module of such tests), so that "
            "`make test-fast` leaves it out; if it is a stale Rasa model being trained, run `make build` first")
    spawn, execute_child = Stack._spawn, subprocess.Popen._execute_child

    def refuse_service(self: Stack, service: Service) -> None:
        raise UnmarkedProcess(f"{hint} (service {service.name})")

    def refuse_ours(self: subprocess.Popen, args, executable, *rest, **kwargs):
        program = program_of(args, executable)
        if is_ours(program):
            raise UnmarkedProcess(f"{hint} ({program})")
        return execute_child(self, args, executable, *rest, **kwargs)

    Stack._spawn, subprocess.Popen._execute_child = refuse_service, refuse_ours
    try:
        yield
    finally:
        Stack._spawn, subprocess.Popen._execute_child = spawn, execute_child
