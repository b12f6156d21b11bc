"""The product's domain, pure: what a worker's message means and what to say next.

Parsers, fact extraction, calculators, escalation rules, answer choice, the turn policy
and the sentences workers read. Nothing here imports Rasa, Telegram, the desk or does
I/O: `actions/` (rasa-sdk), `bot/` (Telegram) and `desk/` (web) are adapters on top.
Only `knowledge` (law citations, retrieval candidates) lies below it.
"""
