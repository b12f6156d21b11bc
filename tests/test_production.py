"""The production profile with the real PostgreSQL, Redis and nginx (hotline/production.py):
conversations survive a change of Rasa worker, the loss of one, and a restart of everything."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from foundation.settings import Settings
from hotline import production
from hotline.stack import Stack
from knowledge import FAQ_DIR
from knowledge.embedder import load_embedder
from knowledge.index import build_index
from stores.tickets import Tickets
from testing.fake_telegram import FakeTelegram
from testing.stack import ask_action_server, free_port, production_env

pytestmark = pytest.mark.stack  # PostgreSQL, Redis, nginx, Rasa workers, action servers, the bot

SECRET = "prod-webhook-secret"
# A three-step conversation: the length of service is asked, then the wage, then the figure.
NO_CONTRACT = "入职以后一直没签劳动合同"
ASK_SERVICE = "干了多长时间"
ASK_WAGE = "每个月工资大概多少"
FIGURE = "42,000"  # double wages: (8 − 1) × 6000


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, FakeTelegram]]:
    data_dir = tmp_path_factory.mktemp("production")
    postgres_dir = Path(tempfile.mkdtemp(prefix="hotline-pg-")) / "cluster"  # /tmp: reachable by `postgres`
    postgres_dir.parent.chmod(0o755)
    with FakeTelegram() as fake:
        env = production_env(data_dir, 2, postgres_dir, HOTLINE_WEBHOOK_PORT=str(free_port()),
                             HOTLINE_WEBHOOK_SECRET=SECRET, TELEGRAM_BOT_TOKEN=fake.token,
                             TELEGRAM_BASE_URL=fake.base_url, HOTLINE_KB_DB=str(data_dir / "index.db"))
        shutil.copy(Settings().kb_db, data_dir / "index.db")  # this test publishes its own index
        with pytest.MonkeyPatch.context() as patch:
            for key, value in env.items():
                patch.setenv(key, value)
            stack = Stack(Settings(), with_bot=True, log=lambda m: None)
            try:
                stack.start()
                yield stack, fake
            finally:
                stack.stop()
                shutil.rmtree(postgres_dir.parent, ignore_errors=True)


def turn(port: int, sender: str, text: str) -> str:
    """One message straight to the Rasa worker on `port`; its answer as one text."""
    response = httpx.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                          json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return "\n".join(m.get("text", "") for m in response.json())


def asking(port: int, sender: str) -> str | None:
    """The fact the conversation is waiting for, as a Rasa worker sees it in the tracker store."""
    tracker = httpx.get(f"http://127.0.0.1:{port}/conversations/{sender}/tracker", timeout=30).json()
    return ((tracker.get("slots") or {}).get("casework") or {}).get("asking")


_update_ids = itertools.count(1)


def telegram_message(config: Settings, chat_id: int, text: str) -> None:
    """Telegram delivering a worker's message to the public address (nginx → the bot)."""
    update = {"update_id": next(_update_ids), "message": {
        "message_id": next(_update_ids), "date": int(time.time()), "text": text,
        "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False, "first_name": "工友"}}}
    response = httpx.post(f"http://127.0.0.1:{config.public_port}/telegram", content=json.dumps(update), timeout=30,
                          headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 200, response.text


def answers(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [m["text"] for m in fake.sent(chat_id)]


def test_the_generated_nginx_configuration_is_valid(production_stack):
    stack, _ = production_stack
    conf = stack.settings.data_dir / "nginx" / "nginx.conf"
    result = subprocess.run([production.server_binary("nginx"), "-t", "-p", str(conf.parent), "-c", str(conf),
                             "-e", "stderr"], capture_output=True, text=True)
    assert "syntax is ok" in result.stderr, result.stderr


def test_questions_started_on_one_worker_continue_on_another(production_stack):
    stack, _ = production_stack
    first, second = stack.settings.rasa_worker_ports
    assert ASK_SERVICE in turn(first, "w-hop", NO_CONTRACT)
    assert asking(second, "w-hop") == "months_worked"  # the other worker sees the open question
    assert ASK_WAGE in turn(second, "w-hop", "干了八个月")
    assert FIGURE in turn(first, "w-hop", "月薪6000")


def test_the_proxy_spreads_turns_over_the_workers_and_keeps_one_conversation(production_stack):
    stack, _ = production_stack
    proxy = stack.settings.rasa_port
    assert ASK_SERVICE in turn(proxy, "w-proxy", NO_CONTRACT)
    assert ASK_WAGE in turn(proxy, "w-proxy", "干了八个月")
    assert FIGURE in turn(proxy, "w-proxy", "月薪6000")
    time.sleep(1.5)  # nginx flushes its access log every second
    access_log = (stack.settings.log_dir / "nginx-access.log").read_text().splitlines()
    served_by = {line.split()[5] for line in access_log if "/webhooks/rest/webhook" in line}
    assert {f"127.0.0.1:{port}" for port in stack.settings.rasa_worker_ports} <= served_by


def test_a_case_handed_over_by_any_action_server_lands_in_the_desk(production_stack):
    stack, _ = production_stack
    proxy = stack.settings.rasa_port
    turn(proxy, "w-case", "我要找律师")
    turn(proxy, "w-case", "好的")
    reply = turn(proxy, "w-case", "就在这里")
    assert "登记编号" in reply
    ticket_id = reply.split("登记编号 ")[1].split("。")[0]
    tickets = Tickets(stack.settings.cases_db)
    assert tickets.get(ticket_id)["chat_id"] == "w-case"


def test_the_desk_refuses_cases_without_the_service_token(production_stack):
    stack, _ = production_stack
    response = httpx.post(f"http://127.0.0.1:{stack.settings.desk_port}/api/tickets", json={"topic": "x"},
                          headers={"Authorization": "Bearer wrong"}, timeout=10)
    assert response.status_code == 401


def test_killing_a_rasa_worker_mid_conversation_loses_no_message(production_stack):
    stack, fake = production_stack
    config, chat = stack.settings, 4242
    telegram_message(config, chat, NO_CONTRACT)
    fake.wait_for_text(chat, ASK_SERVICE)
    telegram_message(config, chat, "干了八个月")
    stack.kill("rasa-1")  # while that message may be in flight
    fake.wait_for_text(chat, ASK_WAGE, timeout=90)
    telegram_message(config, chat, "月薪6000")
    fake.wait_for_text(chat, FIGURE, timeout=90)
    said = answers(fake, chat)
    assert sum(ASK_WAGE in text for text in said) == 1  # answered once, not twice
    assert said.index(next(t for t in said if ASK_WAGE in t)) < said.index(
        next(t for t in said if FIGURE in t))  # in order
    stack.restart("rasa-1")


def test_a_restart_of_everything_keeps_open_conversations_and_tickets(production_stack):
    stack, _ = production_stack
    proxy = stack.settings.rasa_port
    assert ASK_SERVICE in turn(proxy, "w-restart", NO_CONTRACT)
    turn(proxy, "w-ticket", "我要找律师")
    turn(proxy, "w-ticket", "好的")
    ticket_reply = turn(proxy, "w-ticket", "就在这里")
    ticket_id = ticket_reply.split("登记编号 ")[1].split("。")[0]

    stack.stop()
    stack.start()

    assert ASK_WAGE in turn(proxy, "w-restart", "干了八个月")  # the questions go on where they were
    tickets = Tickets(stack.settings.cases_db)
    assert tickets.get(ticket_id)["status"] == "new"


def test_a_published_index_reaches_every_action_server(production_stack, tmp_path):
    stack, _ = production_stack
    faq = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, faq)
    path = faq / "minimum_wage.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("answer: |\n", "answer: |\n    【已更新】\n"),
                    encoding="utf-8")
    build_index(stack.settings.kb_db, load_embedder(stack.settings.embedding_model), faq_dir=faq)
    started = time.perf_counter()
    for port in stack.settings.action_worker_ports:
        while "【已更新】" not in ask_action_server(f"http://127.0.0.1:{port}", "最低工资包括加班费吗"):
            assert time.perf_counter() - started < 5, f"the action server on {port} still answers from the old index"
            time.sleep(0.1)


def test_privacy_purge_deletes_idle_conversations_from_postgresql(production_stack, capsys):
    """Runs last: it removes every conversation of this module's stack."""
    from hotline.cli import main as hotline

    stack, _ = production_stack
    assert production.sql(stack.settings, "SELECT count(*) FROM events").stdout.strip() != "0"
    assert hotline(["privacy", "purge", "--older-than", "0"]) == 0
    assert "条对话记录" in capsys.readouterr().out
    assert production.sql(stack.settings, "SELECT count(*) FROM events").stdout.strip() == "0"
    assert ASK_SERVICE in turn(stack.settings.rasa_port, "w-after-purge", NO_CONTRACT)  # still answers
