"""The README's table of `hotline` commands is where a newcomer (and staff) look first: every
sub-command the parser knows has a row there, and every row is still a command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from hotline.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"
WORD = re.compile(r"[a-z][a-z0-9-]*")


def commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[str]:
    """Every runnable command of the parser: "up", "kb gaps", "tickets show" …"""
    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= commands(sub, (*prefix, name))
    return found or {" ".join(prefix)}


def documented(readme: str) -> set[str]:
    """The commands in the first column of the README's `hotline` table. A cell may name
    several, the later ones without their group: `hotline tickets list …` / `show NUMBER`."""
    section = readme.split("## The `hotline` command", 1)[1].split("\n## ", 1)[0]
    found = set()
    for cell in re.findall(r"^\| (.+?) \| .+\|$", section, flags=re.M):
        group: list[str] = []
        for code in re.findall(r"`([^`]+)`", cell):
            words = code.split()
            if words[0] == "hotline":
                words = words[1:]
                group = words[:1]
            else:
                words = group + words
            leading = []
            for word in words:  # the command's words stop at the first argument or option
                if not WORD.fullmatch(word):
                    break
                leading.append(word)
            found.add(" ".join(leading))
    return found


def test_every_command_is_in_the_readme_table():
    known = commands(build_parser())
    listed = documented(README.read_text(encoding="utf-8"))
    assert sorted(known - listed) == [], "add a row to the README's table of `hotline` commands"
    assert sorted(listed - known) == [], "the README's table names commands that no longer exist"


def test_the_table_reading_sees_grouped_and_plain_rows():
    readme = ("## The `hotline` command\n\n| command | what it does |\n|---|---|\n"
              "| `hotline up [--no-bot]` | start |\n"
              "| `hotline tickets list [--json]` / `show NUMBER` / `export [--out CSV]` | tickets |\n"
              "| `hotline kb search \"问题\" [--mode bm25\\|dense]` | ranking |\n\n## Next\n| `hotline gone` | x |\n")
    assert documented(readme) == {"up", "tickets list", "tickets show", "tickets export", "kb search"}
