"""Where the hotline keeps what it must not lose: tickets and their audit log, the outbox of
messages to workers, lawyers' accounts — one SQLite file (`cases.db`).

A layer of its own between the pure domain (`casework/`, `knowledge/`) and the adapters
(`actions/`, `bot/`, `desk/`), so every adapter changes tickets the same way and through the
same promises: one row shape, one transaction per change, numbers that never collide, and a
schema that migrates itself. Imports only `foundation/`, `casework/`, `knowledge/` and
libraries — never an adapter.
"""
