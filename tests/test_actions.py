"""action_turn run directly on Tracker objects (no servers): what it says and what it remembers."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import STATE_SLOT, ActionTurn
from foundation.settings import settings


@pytest.fixture()
def setenv(monkeypatch: pytest.MonkeyPatch):
    """Set variables for the action server's settings snapshot, read again with them (and
    again after the test, without them)."""

    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        settings.cache_clear()

    yield apply
    settings.cache_clear()


def tracker(text: str, intent: str, confidence: float = 0.95, slots: dict | None = None,
            ranking: list[dict] | None = None) -> Tracker:
    return Tracker.from_dict({
        "sender_id": "fixture", "slots": slots or {}, "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence},
                           "intent_ranking": ranking or [{"name": intent, "confidence": confidence}], "entities": []},
        "events": [{"event": "user", "text": text, "parse_data": {}}],
    })


def run(action, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def meta(messages: list[dict]) -> dict:
    return next(m["custom"]["hotline"] for m in messages if m.get("custom"))


def state_of(events: list[dict]) -> dict:
    return next(e["value"] for e in events if e["event"] == "slot" and e["name"] == STATE_SLOT)


def test_a_topic_question_is_answered_with_citations_and_remembered():
    messages, events = run(ActionTurn(), tracker("公司拖欠我两个月工资不发怎么办", "wage_arrears"))
    info = meta(messages)
    assert info["topic"] == "wage_arrears" and info["citations"] and not info["escalate"]
    assert "依据：《" in messages[0]["text"]
    state = state_of(events)
    assert state["topic"] == "wage_arrears" and state["faq_id"] == info["faq_id"]


def test_out_of_scope_points_to_12348():
    messages, _ = run(ActionTurn(), tracker("离婚财产怎么分", "out_of_scope"))
    assert meta(messages)["topic"] == "out_of_scope"
    assert "12348" in messages[0]["text"]


def test_gibberish_gets_a_polite_request_to_rephrase_and_a_lawyer_offer():
    messages, events = run(ActionTurn(), tracker("啊啊啊嗯嗯", "nlu_fallback", 0.2, ranking=[]))
    assert "换个说法" in messages[0]["text"] and "找律师" in messages[0]["text"]
    assert state_of(events)["unhelpful"] == 1


def test_a_self_harm_message_gets_the_crisis_answer_and_an_urgent_ticket(tmp_path, setenv):
    setenv(HOTLINE_DATA_DIR=str(tmp_path))
    messages, _ = run(ActionTurn(), tracker("工资一直不发，我真的活不下去了", "wage_arrears"))
    assert "110" in messages[0]["text"] and "12356" in messages[0]["text"]
    info = meta(messages)
    assert info["escalate"] and info["urgency"] == "urgent" and info["ticket_id"] in messages[0]["text"]


def test_the_crisis_answer_goes_out_even_when_the_desk_is_down():
    from actions.cases import CaseNotSaved

    async def desk_down(*args):
        raise CaseNotSaved("desk down")

    messages, _ = run(ActionTurn(tickets=desk_down), tracker("我不想活了", "nlu_fallback", 0.2))
    assert "110" in messages[0]["text"] and not meta(messages).get("ticket_id")


def test_article_text_by_name_and_number_and_from_the_last_answer():
    messages, _ = run(ActionTurn(), tracker("劳动合同法第八十二条说的什么", "ask_article"))
    assert "《劳动合同法》第八十二条" in messages[0]["text"] and "二倍的工资" in messages[0]["text"]
    last = {"citations": [{"law": "劳动法", "article": 44}]}
    messages, _ = run(ActionTurn(), tracker("原文", "ask_article", slots={STATE_SLOT: last}))
    assert "《劳动法》第四十四条" in messages[0]["text"]


def test_details_need_a_previous_answer():
    messages, _ = run(ActionTurn(), tracker("详细", "ask_details"))
    assert "请先告诉我" in messages[0]["text"]


DESK_SECONDS = 2.0


class SlowDesk(BaseHTTPRequestHandler):
    """The desk's ticket API, taking its time (a desk under load, or restarting)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(DESK_SECONDS)
        body = json.dumps({"id": "12351-20991231-0001"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_slow_desk_does_not_hold_up_another_conversation(tmp_path, setenv):
    """One action server serves every conversation on one event loop: while one turn hands
    a case to a slow desk, another worker's question is answered."""
    desk = ThreadingHTTPServer(("127.0.0.1", 0), SlowDesk)
    threading.Thread(target=desk.serve_forever, daemon=True).start()
    setenv(HOTLINE_DATA_DIR=str(tmp_path), HOTLINE_SERVICE_TOKEN="test-token",
           HOTLINE_TICKETS_URL=f"http://127.0.0.1:{desk.server_port}")
    action = ActionTurn()
    question = tracker("公司拖欠我两个月工资不发怎么办", "wage_arrears")
    run(action, question)  # the knowledge base is loaded before anything is timed
    finished: dict[str, float] = {}
    said: dict[str, list[dict]] = {}

    async def turn(name: str, t: Tracker) -> None:
        dispatcher = CollectingDispatcher()
        await action.run(dispatcher, t, {})
        finished[name], said[name] = time.monotonic(), dispatcher.messages

    async def both() -> float:
        start = time.monotonic()
        await asyncio.gather(turn("hand-over", tracker("工资一直不发，我真的活不下去了", "wage_arrears")),
                             turn("question", question))
        return start

    try:
        start = asyncio.run(both())
    finally:
        desk.shutdown()
        desk.server_close()
    assert finished["question"] < finished["hand-over"]
    assert finished["question"] - start < DESK_SECONDS  # it did not wait for the desk
    assert "依据：《" in said["question"][0]["text"]
    assert meta(said["hand-over"])["ticket_id"] == "12351-20991231-0001"  # the slow desk did take the case
