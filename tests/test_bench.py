"""The benchmarks are not run by the tests (each takes minutes and starts stacks), but they
must keep working: a helper moved or renamed elsewhere would otherwise break them unseen
until the next measurement."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCHMARKS = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "bench").glob("*.py")
                    if p.stem not in ("__init__", "common"))


def test_there_are_benchmarks():
    assert {"load", "ops", "retrieval", "retrieval_scale", "scale"} <= set(BENCHMARKS)


@pytest.mark.parametrize("name", BENCHMARKS)
def test_a_benchmark_imports_and_explains_itself(name, monkeypatch, capsys):
    module = importlib.import_module(f"bench.{name}")
    monkeypatch.setattr(sys, "argv", [name, "--help"])
    with pytest.raises(SystemExit) as done:
        module.main()
    assert done.value.code == 0
    assert f"python -m bench.{name}" in capsys.readouterr().out
