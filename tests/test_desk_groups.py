"""A collective case as the lawyer sees it: in the queue, on the ticket page with links to the
other workers' tickets, and in the Telegram group's announcement."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from bot.lawyers_group import announcement
from desk.web import create_app
from foundation import clock as hotline_clock
from stores.lawyers import Lawyers
from stores.tickets import Tickets
from testing.stack import stack_env

PASSWORD = "correct horse battery"
WORDS = ["我在华强建筑公司的工地干活，欠了三个月工资", "华强公司两个月没发工资了", "在华强建筑干活，包工头跑了"]


@pytest.fixture()
def desk(tmp_path, environment):
    settings = environment(stack_env(tmp_path))
    tickets = Tickets(settings.cases_db)
    Lawyers(tickets.db).add("wang", "王律师", PASSWORD)
    ids = [tickets.create(topic="wage_arrears", urgency="normal", reasons=["职工要求转人工"], facts={}, calculations=[],
                          transcript=[{"from": "worker", "text": words}], channel="telegram", chat_id=str(100 + n),
                          consent=True, now=hotline_clock.now() - dt.timedelta(days=3 - n))
           for n, words in enumerate(WORDS)]
    alone = tickets.create(topic="wage_arrears", urgency="normal", reasons=["职工要求转人工"], facts={},
                           calculations=[], transcript=[{"from": "worker", "text": "公司不发工资"}],
                           channel="telegram", chat_id="200", consent=True)
    client = TestClient(create_app(settings), follow_redirects=False)
    login = client.get("/login").text
    client.post("/login", data={"username": "wang", "password": PASSWORD,
                                "csrf": re.search(r'name="csrf" value="([^"]+)"', login).group(1)})
    yield client, tickets, ids, alone
    tickets.disconnect()


def test_the_ticket_page_links_the_other_workers_tickets(desk):
    client, _, (first, second, third), alone = desk
    page = client.get(f"/tickets/{second}").text
    assert "集体案件" in page and "反映对象：单位「华强公司」" in page
    group = page[page.index('id="group"'):]
    group = group[:group.index("</div>")]
    assert f'href="/tickets/{first}"' in group and f'href="/tickets/{third}"' in group
    assert f'href="/tickets/{second}"' not in group and alone not in group
    assert "集体案件：3名职工反映同一" in page  # the reason it was raised
    assert 'id="group"' not in client.get(f"/tickets/{alone}").text


def test_the_queue_marks_the_group_and_puts_it_first(desk):
    client, _, ids, alone = desk
    queue = client.get("/").text
    assert queue.count("集体案件（共 3 单）") == 3
    assert max(queue.index(ticket) for ticket in ids) < queue.index(alone)  # raised to high: before the normal one


def test_the_lawyers_group_announcement_mentions_it(desk):
    _, tickets, (first, second, third), _ = desk
    ticket = tickets.get(third)
    text = announcement(ticket, tickets.group(ticket))
    assert f"集体案件：另有 2 张工单反映同一单位「华强建筑」（{first}、{second}）" in text
    assert "（🟠 高）" in text
