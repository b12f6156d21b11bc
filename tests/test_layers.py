"""The layers of docs/architecture.md, enforced: every import of ours points down, the
adapters do not import each other, and no two modules import each other, even through
an import inside a function (where cycles hide).

    foundation ← knowledge ← casework ← stores ← channels ← actions | bot | desk | wechat | webchat ← hotline

A package may import its own modules and any package in a layer below its own; nothing
imports hotline/ (the top) or the test and benchmark code above it."""

from __future__ import annotations

import ast
from pathlib import Path

from foundation.settings import ROOT

LAYERS: tuple[tuple[str, ...], ...] = (
    ("foundation",),             # settings, logging with masking, the Rasa client, shared vocabulary
    ("knowledge",),              # law texts, FAQ, index and retrieval
    ("casework",),               # the pure domain: facts, figures, escalation, the turn policy
    ("stores", "paperwork"),     # what must not be lost (cases.db); drafted documents as PDF and DOCX
    ("channels",),               # the one pipeline of the worker channels; imports no adapter
    ("actions", "bot", "desk", "wechat", "webchat"),  # the adapters: Rasa actions, Telegram, the lawyers' desk, WeChat, the web chat
    ("hotline",),                # the CLI, the supervisor, operations
)
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}
ABOVE_ALL = ("testing", "tests", "bench")  # may import anything; imported by none of the layers
NOT_OURS = {"nlu", "scripts", "corpus", "docs", "var"}


def our_modules() -> dict[str, Path]:
    """Every module of the layered packages, by dotted name (a package by its own name)."""
    found = {}
    for package in RANK:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ours that `module` imports, anywhere in its code (functions too).
    `from package import name` is the module package.name when there is one."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] in (*RANK, *ABOVE_ALL))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = our_modules()
    known = set(modules)
    return {module: imported(ast.parse(path.read_text(encoding="utf-8")), module, path.name == "__init__.py", known)
            for module, path in modules.items()}


def top(module: str) -> str:
    return module.split(".")[0]


def test_every_package_has_a_layer():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - set(ABOVE_ALL) - NOT_OURS
    assert packages <= set(RANK), f"place {sorted(packages - set(RANK))} in LAYERS (and docs/architecture.md)"


def test_imports_only_point_down_and_never_sideways():
    wrong = []
    for module, targets in import_graph().items():
        for target in sorted(targets):
            if top(target) == top(module):
                continue
            if top(target) in ABOVE_ALL or RANK[top(target)] >= RANK[top(module)]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports against the layers (docs/architecture.md):\n" + "\n".join(wrong)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, "modules that import each other:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_the_check_sees_imports_inside_functions_and_relative_ones():
    tree = ast.parse("def later():\n    from hotline.cli import main\n\nfrom . import numerals\nfrom .laws import cite\n")
    known = {"knowledge.numerals", "knowledge.laws", "hotline.cli"}
    assert imported(tree, "knowledge.check", False, known) == {"hotline.cli", "knowledge.numerals", "knowledge.laws"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
