"""`hotline ask`: questions through the real stack (Rasa NLU and dialogue, the action
server, the knowledge base) without Telegram. Evaluation and benchmarks rely on this
output; the contract is documented in docs/ask-contract.md.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable

from foundation.rasa_client import RasaClient
from foundation.vocabulary import metadata
from knowledge.faq import load_topics

TOPICS = set(load_topics())
# Small talk is not an employment matter: the taxonomy counts it as out_of_scope.
SMALL_TALK = {"greet", "goodbye", "thanks", "bot_challenge", "out_of_scope"}


def answer_text(messages: list[dict]) -> str:
    """All the text the assistant sent back, joined (button titles included)."""
    parts = []
    for message in messages:
        if message.get("text"):
            parts.append(message["text"])
        parts.extend(f"[{b.get('title', '')}]" for b in message.get("buttons") or [])
    return "\n".join(parts)


async def ask_one(rasa: RasaClient, sender: str, text: str) -> dict:
    """One turn; the result has every field of the contract except id."""
    started = time.perf_counter()
    messages = await rasa.send(sender, text)
    latency_ms = (time.perf_counter() - started) * 1000
    latest = await rasa.latest_message(sender)
    intent = (latest.get("intent") or {}).get("name") or ""
    confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
    meta = metadata(messages)
    topic = meta.get("topic") or (intent if intent in TOPICS else "out_of_scope" if intent in SMALL_TALK
                                  else "other_labour")
    return {
        "text": text, "intent": intent, "confidence": round(confidence, 4), "topic": topic,
        "faq_id": meta.get("faq_id"), "answer": answer_text(messages), "citations": meta.get("citations") or [],
        "escalate": bool(meta.get("escalate")), "ticket_id": meta.get("ticket_id"),
        "latency_ms": round(latency_ms, 1),
        "asking": meta.get("asking"), "crisis": meta.get("crisis"),
        "asks_consent": bool(meta.get("asks_consent")), "asks_contact": bool(meta.get("asks_contact")),
        "figures": [c["amount"] for c in meta.get("calculations") or [] if c.get("amount") is not None],
    }


async def ask_lines(rasa: RasaClient, rows: Iterable[dict]) -> list[dict]:
    """Each row is a new conversation unless it shares a `conversation` id with earlier rows."""
    run = uuid.uuid4().hex[:8]
    results, turns = [], {}
    for number, row in enumerate(rows, start=1):
        row_id = row.get("id", number)
        conversation = row.get("conversation")
        sender = f"ask-{run}-{conversation}" if conversation else f"ask-{run}-{row_id}-{number}"
        turns[sender] = turns.get(sender, 0) + 1
        result = {"id": row_id, **await ask_one(rasa, sender, str(row.get("text", "")))}
        if conversation:
            result["conversation"], result["turn"] = conversation, turns[sender]
        results.append(result)
    return results
