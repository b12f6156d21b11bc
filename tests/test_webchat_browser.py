"""A worker in a phone's browser (Debian's chromium, driven by Playwright, 390×844) talks to
the real stack through the web chat: reads the privacy notice, asks and gets an answer with
the articles it rests on, answers the assistant's question for a figure, asks for a lawyer
(a tapped button, then "在这里"), and reads the lawyer's reply, which the desk's store
queued; after a reload and after the web chat's process restarts the conversation is
still on the page. Screenshots go to /work/scratch/webchat-*.png."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from hotline.stack import Stack
from stores.lawyers import Lawyers
from stores.tickets import Tickets

pytestmark = pytest.mark.stack  # the session's stack and a browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path("/work/scratch")
ANSWER = 60_000  # ms: a turn through Rasa on a busy 2-core machine


def shot(page: Page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"webchat-{name}.png"))


def say(page: Page, text: str) -> None:
    answers = page.locator("li.assistant").count()
    page.fill("#text", text)
    page.click("#composer button[type=submit]")
    expect(page.locator("li.assistant")).not_to_have_count(answers, timeout=ANSWER)
    expect(page.locator("#working")).to_be_hidden(timeout=ANSWER)  # every reply to it is on the page


def tap(page: Page, title: str) -> None:
    """Tap the button `title` under the latest answer that has it, and wait for the answers to it."""
    answers = page.locator("li.assistant").count()
    page.locator("li.assistant .chips button", has_text=title).last.tap()
    expect(page.locator("li.worker").last).to_have_text(title)
    expect(page.locator("li.assistant")).not_to_have_count(answers, timeout=ANSWER)
    expect(page.locator("#working")).to_be_hidden(timeout=ANSWER)


def last_answer(page: Page) -> str:
    return page.locator("li.assistant").last.inner_text()


def test_a_worker_talks_to_the_assistant_and_a_lawyer_in_a_phone_browser(session_stack: Stack):
    settings = session_stack.settings
    url = f"http://{settings.host}:{settings.webchat_port}/chat/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, locale="zh-CN")
        page = context.new_page()
        page.goto(url)
        expect(page.locator("#notice")).to_contain_text("个人信息：您的聊天内容只用于解答您的问题")
        expect(page.locator("#composer")).to_be_hidden()  # the notice first
        shot(page, "1-notice")
        page.click("#continue")

        say(page, "加班费怎么算")
        expect(page.locator("li.assistant .cite").last).to_contain_text(re.compile(r"依据：《.+》第.+条"))
        shot(page, "2-answer")

        say(page, "在东莞厂里干了8个月了 一直没签合同")
        if "31500" not in last_answer(page).replace(",", ""):  # the assistant asks for the wage
            say(page, "工资每月4500")
        assert "31500" in last_answer(page).replace(",", "")  # 4500 × 7 months of double wages
        shot(page, "3-figure")

        tap(page, "帮我写仲裁申请书")  # a button under the figure: the document comes as PDF and Word
        expect(page.locator("a.file")).to_have_count(2, timeout=ANSWER)
        pdf = page.locator("a.file", has_text=".pdf").first
        assert page.request.get(pdf.evaluate("link => link.href")).body().startswith(b"%PDF")
        shot(page, "4-document")

        say(page, "我要找律师")
        tap(page, "同意，律师在这里回复我")  # consent, and the contact: here
        ticket_id = re.search(r"12351-\d{8}-\d{4}", page.locator("#lines").inner_text()).group(0)
        shot(page, "5-ticket")

        store = Tickets(settings.cases_db)  # what the desk does when a lawyer claims and replies
        try:
            assert store.get(ticket_id)["channel"] == "web"
            Lawyers(store.db).add("li", "李律师", "a long enough password")
            store.claim(ticket_id, "li", "李律师")
            store.reply(ticket_id, "li", "您好，我是工会的李律师。请把劳动合同和工资条拍照留好，我下午联系您。")
        finally:
            store.disconnect()
        expect(page.locator("li.assistant").last).to_contain_text("李律师", timeout=30_000)
        expect(page.locator("#lines")).to_contain_text("工资条拍照留好", timeout=30_000)
        shot(page, "6-lawyer")

        page.click("#status")
        expect(page.locator("li.assistant").last).to_contain_text(ticket_id, timeout=ANSWER)
        expect(page.locator("li.assistant").last).to_contain_text("李律师")  # the lawyer's name, not the sign-in name
        before = page.locator("#lines").inner_text()

        page.reload()
        expect(page.locator("#lines")).to_contain_text("工资条拍照留好")
        assert page.locator("#notice").is_hidden()  # read once is enough
        after_reload = page.locator("#lines").inner_text()

        session_stack.kill("webchat")
        session_stack.restart("webchat")
        page.reload()
        expect(page.locator("#lines")).to_contain_text("工资条拍照留好")
        assert page.locator("#lines").inner_text() == after_reload == before
        say(page, "谢谢")  # the conversation goes on after the restart
        shot(page, "7-after-restart")
        page.set_viewport_size({"width": 360, "height": 640})  # a small, older phone
        shot(page, "8-small-screen")
        browser.close()
