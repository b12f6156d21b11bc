"""Words every layer shares, defined once: how urgent a case is, where a ticket stands in its
lifecycle, their Chinese names as lawyers read them, and where a reply carries the
assistant's decision for machines.

The domain decides the urgency (casework/escalation.py), the store keeps it and the status
(stores/tickets.py), the bot and the desk show both (bot/lawyers_group.py, desk/render.py):
a second copy of any of these drifts, so each lives here, below all of them."""

from __future__ import annotations

from typing import Literal, get_args

# --- urgency: most urgent first ------------------------------------------------------------
Urgency = Literal["urgent", "high", "normal"]
URGENCIES: tuple[str, ...] = get_args(Urgency)
URGENT, HIGH, NORMAL = URGENCIES
URGENCY_RANK = {urgency: rank for rank, urgency in enumerate(URGENCIES)}  # sorts the most urgent first
URGENCY_ZH = {URGENT: "紧急", HIGH: "高", NORMAL: "普通"}

# --- a ticket's lifecycle (the allowed moves are the store's: stores/tickets.py) ------------
NEW, CLAIMED, IN_PROGRESS, WAITING, RESOLVED, CLOSED = "new", "claimed", "in_progress", "waiting", "resolved", "closed"
STATUS_ZH = {NEW: "新建", CLAIMED: "已受理", IN_PROGRESS: "处理中", WAITING: "待补充", RESOLVED: "已解决", CLOSED: "已关闭"}

# --- the decision beside each reply ---------------------------------------------------------
# The action server adds {"hotline": {...}} (topic, citations, escalation, figures) as a custom
# message after each reply; the bot drops it, `hotline ask` and the evaluation read it.
META_KEY = "hotline"


def meta_message(meta: dict) -> dict:
    """The custom message that carries the decision of one turn."""
    return {META_KEY: meta}


def metadata(messages: list[dict]) -> dict:
    """The assistant's decision (topic, citations, escalation) from Rasa's messages, merged."""
    meta: dict = {}
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get(META_KEY), dict):
            meta.update(custom[META_KEY])
    return meta
