"""A lawyer in a real browser (Debian's chromium, driven by Playwright): signs in, claims a
worker's ticket, replies, resolves and closes it; the worker receives the reply in Telegram."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import sync_playwright

from foundation.settings import Settings
from stores.lawyers import Lawyers
from stores.tickets import Tickets
from testing.fake_telegram import FakeTelegram

pytestmark = pytest.mark.stack  # the session's stack, the bot and a browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WORKER = 5151


@pytest.fixture(scope="module")
def desk_url(running_stack: Settings) -> str:
    """The session stack's desk process, with one lawyer's account."""
    store = Tickets(running_stack.cases_db)
    Lawyers(store.db).add("li", "李律师", "a long enough password")
    store.disconnect()
    return f"http://127.0.0.1:{running_stack.desk_port}"


def test_a_lawyer_answers_a_worker_from_the_browser(desk_url: str, telegram_stack: FakeTelegram,
                                                   running_stack: Settings):
    telegram_stack.send_text(WORKER, "工地上摔断了腿，老板不管，我要找律师")
    telegram_stack.wait_for_text(WORKER, "同意转给律师吗")
    telegram_stack.send_text(WORKER, "同意")
    telegram_stack.wait_for_text(WORKER, "律师怎么联系您")
    telegram_stack.send_text(WORKER, "在这里回复我")
    confirmation = telegram_stack.wait_for_text(WORKER, r"12351-\d{8}-\d{4}")
    ticket_id = re.search(r"12351-\d{8}-\d{4}", confirmation).group(0)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(f"{desk_url}/tickets/{ticket_id}")
        assert page.url.endswith("/login")                      # signed out: no case file
        page.fill("input[name=username]", "li")
        page.fill("input[name=password]", "a long enough password")
        page.click("button[type=submit]")
        page.click(f"text={ticket_id}")
        assert "摔断了腿" in page.inner_text("#transcript")
        body = page.inner_text("body")
        assert "职工原话" in body and "injured" not in body  # facts labelled in Chinese, with the worker's words
        page.click("#claim")
        page.fill("#reply-text", "您好，我是工会的李律师。请先去医院治疗并保留病历，我下午给您打电话。")
        page.click("#send-reply")
        # The lawyer corrects the wage the worker never gave and drafts the arbitration application.
        page.goto(f"{desk_url}/tickets/{ticket_id}/documents")
        page.select_option("#kind", "arbitration")
        page.fill("#fix-monthly_wage", "6000")
        page.fill("#fix-city", "苏州")
        page.click("#regenerate-button")
        assert "已生成劳动仲裁申请书" in page.inner_text("body")
        link = page.locator("#files a", has_text=".pdf").first
        pdf = page.request.get(f"{desk_url}{link.get_attribute('href')}").body()
        assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf  # a PDF with its Chinese font inside
        notes = Tickets(running_stack.cases_db)
        try:
            assert "月工资（元）改为6,000元" in notes.events(ticket_id)[-1]["detail"]  # the change is on the record
        finally:
            notes.disconnect()
        page.goto(f"{desk_url}/tickets/{ticket_id}")
        page.select_option("#outcome", "advice_given")
        page.click("#resolve")
        page.click("#close")
        assert page.inner_text("#status") == "已关闭"
        browser.close()

    delivered = telegram_stack.wait_for_text(WORKER, "工会律师回复", timeout=30)
    assert "李律师" in delivered and "病历" in delivered
    store = Tickets(running_stack.cases_db)
    try:
        actions = [e["action"] for e in store.events(ticket_id)]
        assert actions[:2] == ["created", "claimed"] and actions[-1] == "closed" and "reply" in actions
    finally:
        store.disconnect()



def test_a_lawyer_sees_a_collective_case_and_the_workers_evidence(desk_url: str, running_stack: Settings):
    words = ["我在宏图建筑公司的工地干活，欠了三个月工资", "宏图公司两个月没发工资了", "在宏图建筑干活，包工头跑了"]
    evidence = [{"id": "bank_statement", "name": "银行流水", "rank": "关键", "have": True},
                {"id": "attendance", "name": "考勤记录", "rank": "关键", "have": False}]
    store = Tickets(running_stack.cases_db)
    try:
        ids = [store.create(topic="wage_arrears", urgency="normal", reasons=["职工要求转人工"], facts={}, calculations=[],
                            transcript=[{"from": "worker", "text": text}], channel="telegram", chat_id=str(9100 + n),
                            consent=True, evidence=evidence) for n, text in enumerate(words)]
    finally:
        store.disconnect()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(f"{desk_url}/login")
        page.fill("input[name=username]", "li")
        page.fill("input[name=password]", "a long enough password")
        page.click("button[type=submit]")
        row = page.locator("tr", has_text=ids[0])
        assert "集体案件（共 3 单）" in row.inner_text()          # the queue marks the group
        page.click(f"text={ids[0]}")
        body = page.inner_text("body")
        assert "集体案件" in body and ids[1] in body and ids[2] in body  # links to the other workers' tickets
        assert "证据清单" in body and "银行流水" in body and "考勤记录" in body
        page.click(f"text={ids[2]}")                             # the link leads to the other ticket
        assert page.url.endswith(f"/tickets/{ids[2]}")
        browser.close()
