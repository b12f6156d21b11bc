"""Canned replies in a real browser (Debian's chromium, driven by Playwright) against the real
desk process: an admin adds one (an unknown variable is refused), a lawyer picks it on a
ticket, finds the ticket's figures filled in and the unknown ones left as blanks, cannot
send it until the blanks are filled, then sends it to the worker."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Page, sync_playwright

from foundation.settings import Settings
from hotline.stack import Stack, base_env, desk_service
from stores.lawyers import Lawyers
from stores.tickets import Tickets
from testing.stack import stack_env

pytestmark = pytest.mark.stack  # the desk process and a browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "a long enough password"
BODY = "{工人称呼}您好：您的工单 {工单号} 我们已经整理好了，单位欠您 {被欠金额}，下一步向{仲裁委}申请仲裁。"


@pytest.fixture()
def desk(tmp_path, environment):
    """Only the desk, in its own process (no Rasa: nothing here needs it), with two accounts
    and a claimed ticket that knows the sum owed but not the worker's name or city."""
    settings: Settings = environment(stack_env(tmp_path))
    store = Tickets(settings.cases_db)
    Lawyers(store.db).add("boss", "值班主任", PASSWORD, role="admin")
    Lawyers(store.db).add("li", "李律师", PASSWORD)
    ticket = store.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"],
                          facts={"amount_owed": 13500}, calculations=[],
                          transcript=[{"from": "worker", "text": "老板欠我一万三千五"}], channel="telegram",
                          chat_id="5252", consent=True)
    store.claim(ticket, "li", "李律师")
    with Stack(settings, with_bot=False, log=lambda m: None, custom=[desk_service(settings, base_env(settings))]):
        yield f"http://127.0.0.1:{settings.desk_port}", store, ticket
    store.disconnect()


def sign_in(page: Page, url: str, user: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_lawyer_answers_with_a_canned_reply(desk):
    url, store, ticket = desk
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()

        sign_in(page, url, "boss")
        page.click("text=常用回复")
        page.fill("#canned-title", "欠薪进展")
        page.fill("#canned-body", "您的{欠款金额}")
        page.click("#canned-add")
        assert "未知的变量 {欠款金额}" in page.inner_text("[role=alert]")
        page.fill("#canned-title", "欠薪进展")
        page.fill("#canned-body", BODY)
        page.click("#canned-add")
        assert page.inner_text("[role=status]") == "已添加"
        page.click("text=退出")

        sign_in(page, url, "li")
        page.click(f"text={ticket}")
        page.select_option("#canned", label="欠薪进展")
        page.click("#use-canned")
        filled = page.input_value("#reply-text")
        assert filled == (f"【工人称呼】您好：您的工单 {ticket} 我们已经整理好了，单位欠您 13,500元，"
                          "下一步向【仲裁委】申请仲裁。")  # from the ticket, the rest left blank
        page.click("#send-reply")
        assert "还有没填的空：【工人称呼】、【仲裁委】" in page.inner_text("[role=alert]")
        assert page.input_value("#reply-text") == filled  # nothing lost
        page.fill("#reply-text", filled.replace("【工人称呼】", "张师傅").replace("【仲裁委】", "杭州市劳动人事争议仲裁委员会"))
        page.click("#send-reply")
        assert page.inner_text("[role=status]") == "已保存"
        assert "张师傅您好" in page.inner_text("#transcript")
        browser.close()

    [sent] = [m for m in store.outbox.undelivered() if "工会律师回复" in m["text"]]
    assert "张师傅您好" in sent["text"] and "13,500元" in sent["text"] and "【" not in sent["text"].split("\n", 1)[1]
