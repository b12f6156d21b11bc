"""Helpers shared by the tests and the benchmarks: a fake Telegram Bot API server, the
environment that starts the assistant's processes on free ports, clients that talk to a
running stack, and the guard that keeps processes out of the fast test subset.

A package, not `tests/conftest.py`: benchmarks are not tests and must not import pytest's
fixture file (or one test module from another) to reach a helper."""
