"""The `stack` marker is on every test that starts processes, so `make test-fast` (which
leaves those out) starts none. Read from the test files' source: a fixture that builds a
`Stack`, runs a subprocess or a browser starts processes, so does every fixture that
needs one; a test that needs such a fixture, or starts processes in its own body, must
be marked. What this reading misses, the guard in conftest.py (testing/processes.py)
catches when the test runs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from hotline.stack import Service, Stack
from testing.processes import UnmarkedProcess, no_processes, program_of

TESTS = Path(__file__).resolve().parent


def starts_processes(node: ast.AST, in_fixture: bool) -> bool:
    """A fixture that builds a Stack starts it; a test may build one only to see it refuse
    (test_startup), so in a test only `with Stack(…)` counts."""
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            called = ast.unparse(child.func)
            if called.startswith("subprocess.") or called == "sync_playwright" or (in_fixture and called == "Stack"):
                return True
        if isinstance(child, ast.withitem) and ast.unparse(child.context_expr).startswith("Stack("):
            return True
    return False


def is_fixture(function: ast.FunctionDef) -> bool:
    return any("fixture" in ast.unparse(d) for d in function.decorator_list)


def marked(decorators: list[ast.expr]) -> bool:
    return any(ast.unparse(d).endswith("mark.stack") for d in decorators)


def functions(tree: ast.Module) -> list[tuple[ast.FunctionDef, list[ast.expr]]]:
    """Module-level functions and methods of test classes, with the decorators that apply."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found.append((node, node.decorator_list))
        elif isinstance(node, ast.ClassDef):
            found += [(f, f.decorator_list + node.decorator_list) for f in node.body if isinstance(f, ast.FunctionDef)]
    return found


def process_fixtures(trees: list[ast.Module], shared: set[str]) -> set[str]:
    """Names of the fixtures in `trees` that start processes, themselves or through another."""
    fixtures = {f.name: f for tree in trees for f, _ in functions(tree) if is_fixture(f)}
    found = set(shared) | {name for name, f in fixtures.items() if starts_processes(f, in_fixture=True)}
    while True:
        more = {name for name, f in fixtures.items() if name not in found and found & {a.arg for a in f.args.args}}
        if not more:
            return found
        found |= more


def unmarked_tests_that_start_processes(folder: Path) -> list[str]:
    conftest = ast.parse((folder / "conftest.py").read_text(encoding="utf-8"))
    shared = process_fixtures([conftest], set())
    problems = []
    for path in sorted(folder.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue  # its tests call subprocess only to see the guard refuse
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_marked = any(isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "pytestmark"
                            and "mark.stack" in ast.unparse(n.value) for n in tree.body)
        starters = process_fixtures([tree], shared)
        for function, decorators in functions(tree):
            if not function.name.startswith("test") or module_marked or marked(decorators):
                continue
            used = {a.arg for a in function.args.args} | {
                arg.value for d in decorators if "usefixtures" in ast.unparse(d)
                for arg in getattr(d, "args", []) if isinstance(arg, ast.Constant)}
            if used & starters:
                problems.append(f"{path.name}::{function.name} uses {', '.join(sorted(used & starters))}")
            elif starts_processes(function, in_fixture=False):
                problems.append(f"{path.name}::{function.name} starts processes itself")
    return problems


def test_every_test_that_starts_processes_is_marked_stack():
    assert unmarked_tests_that_start_processes(TESTS) == [], "add @pytest.mark.stack (see pyproject.toml)"


def test_the_reading_finds_the_fixtures_that_start_processes():
    """The check above is only as good as this reading: it must see the known starters."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in [TESTS / "conftest.py", *TESTS.glob("test_*.py")]]
    assert {"running_stack", "telegram_stack", "production_stack", "full_stack", "published",
            "desk_url", "outcomes"} <= process_fixtures(trees, set())


def test_an_unmarked_test_using_a_stack_fixture_is_reported(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture()\ndef server():\n    with Stack(None):\n        yield\n\n"
        "@pytest.fixture()\ndef client(server):\n    return 1\n", encoding="utf-8")
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\ndef test_a(client):\n    pass\n\n@pytest.mark.stack\ndef test_b(client):\n    pass\n\n"
        "def test_c():\n    subprocess.run(['rasa'])\n\ndef test_d():\n    pass\n", encoding="utf-8")
    assert unmarked_tests_that_start_processes(tmp_path) == [
        "test_x.py::test_a uses client", "test_x.py::test_c starts processes itself"]


def test_an_unmarked_test_cannot_start_a_service_or_our_python():
    """This test is unmarked: the guard is already on; inside it again, and after it, too."""
    with no_processes("test_x"):
        with pytest.raises(UnmarkedProcess, match="test_x starts a process but has no `stack` marker"):
            Stack.__new__(Stack)._spawn(Service("rasa", ["rasa"], None, None, TESTS, {}))
        with pytest.raises(UnmarkedProcess, match=r"\.venv"):
            subprocess.run([sys.executable, "-c", "pass"])
    with pytest.raises(UnmarkedProcess):  # conftest's guard, around this unmarked test
        subprocess.run([sys.executable, "-c", "pass"])


def test_system_tools_are_not_stopped():
    """Libraries may run a system tool now and then (matplotlib runs fc-list to build its font
    cache); only the assistant's programs are kept out."""
    assert subprocess.run(["true"]).returncode == 0


@pytest.mark.parametrize(("args", "executable", "program"), [
    (["/usr/bin/env", "x"], None, "/usr/bin/env"), ("rasa run", None, "rasa"),
    (["/bin/sh", "-c", ".venv/bin/rasa run"], None, ".venv/bin/rasa"), (["x"], "/usr/bin/y", "/usr/bin/y"),
])
def test_the_program_of_a_command(args, executable, program):
    assert program_of(args, executable) == program
