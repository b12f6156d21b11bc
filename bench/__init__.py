"""Benchmarks: scripts that measure, not tests that pass or fail. Each is a module run from
the repository's root, `.venv/bin/python -m bench.<name>` (docs/benchmarks.md); they share
bench/common.py and the `testing` package's helpers, and start what they measure on free
ports, away from a running assistant."""
