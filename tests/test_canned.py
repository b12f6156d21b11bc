"""Canned replies: variables filled from the ticket and never invented (pure), kept in the
cases database, managed by admins on the desk and picked on a ticket's page (HTTP)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from casework.canned import CannedError, blanks, check, fill, problems
from desk.web import create_app
from stores.canned import CannedReplies
from stores.lawyers import Lawyers
from stores.tickets import Tickets
from testing.stack import stack_env

TICKET = {"id": "12351-20261101-0007", "facts": {"amount_owed": 13500, "city": "杭州"}}


@pytest.mark.parametrize(("body", "ticket", "filled"), [
    ("您的工单 {工单号} 已受理。", TICKET, "您的工单 12351-20261101-0007 已受理。"),
    ("被欠 {被欠金额}。", TICKET, "被欠 13,500元。"),
    ("被欠 {被欠金额}。", {"id": "X", "facts": {}}, "被欠 【被欠金额】。"),      # unknown: a visible blank
    ("向{仲裁委}申请。", TICKET, "向杭州的劳动人事争议仲裁委员会申请。"),
    ("向{仲裁委}申请。", {"id": "X", "facts": {"province": "浙江"}}, "向【仲裁委】申请。"),  # no city, no guess
    ("{工人称呼}您好", TICKET, "【工人称呼】您好"),                               # tickets keep no name
    ("没有变量的回复", TICKET, "没有变量的回复"),
])
def test_variables_are_filled_from_the_ticket_or_left_blank(body, ticket, filled):
    assert fill(body, ticket) == filled


@pytest.mark.parametrize(("title", "body", "complaint"), [
    ("标题", "{工号}请查收", "未知的变量 {工号}"),
    ("标题", "{被欠金额", "花括号没有配对"),
    ("标题", "金额}", "花括号没有配对"),
    ("", "内容", "请填写标题"),
    ("标题", "  ", "请填写回复内容"),
])
def test_a_reply_that_cannot_be_filled_is_refused_with_the_reason(title, body, complaint):
    assert any(complaint in p for p in problems(title, body))
    with pytest.raises(CannedError, match=re.escape(complaint)):
        check(title, body)


def test_every_known_variable_may_be_saved_and_blanks_are_found():
    check("标题", "{工人称呼}{工单号}{被欠金额}{仲裁委}")
    assert blanks("您好【工人称呼】，欠【被欠金额】") == ["【工人称呼】", "【被欠金额】"]
    assert blanks("您好张师傅，欠13,500元") == []


def test_the_store_keeps_only_checked_replies(tmp_path):
    store = Tickets(tmp_path / "cases.db")
    canned = CannedReplies(store.db)
    first = canned.add("受理", "工单{工单号}已受理", "admin1")
    with pytest.raises(CannedError):
        canned.add("坏的", "{不存在}", "admin1")
    with pytest.raises(CannedError):
        canned.update(first, "受理", "{不存在}", "admin1")
    canned.update(first, "受理通知", "工单{工单号}已由律师受理", "admin2")
    assert [(r["title"], r["body"], r["author"]) for r in canned.all()] == [("受理通知", "工单{工单号}已由律师受理", "admin2")]
    canned.delete(first)
    assert canned.all() == []
    with pytest.raises(CannedError):
        canned.delete(first)
    store.disconnect()


# --- on the desk --------------------------------------------------------------------------------

PASSWORD = "correct horse battery"


@pytest.fixture()
def desk(tmp_path, environment):
    settings = environment(stack_env(tmp_path))
    tickets = Tickets(settings.cases_db)
    Lawyers(tickets.db).add("boss", "主任", PASSWORD, role="admin")
    Lawyers(tickets.db).add("wang", "王律师", PASSWORD)
    ticket = tickets.create(topic="wage_arrears", urgency="high", reasons=["涉及金额较大"],
                            facts={"amount_owed": 90000}, calculations=[],
                            transcript=[{"from": "worker", "text": "欠薪九万"}], channel="telegram", chat_id="42",
                            consent=True)
    tickets.claim(ticket, "wang", "王律师")
    yield TestClient(create_app(settings), follow_redirects=False), tickets, ticket
    tickets.disconnect()


def sign_in(client: TestClient, user: str) -> str:
    """Signs in; returns the session's form token."""
    login = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": user, "password": PASSWORD, "csrf": login})
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/canned").text).group(1)


def test_only_admins_change_canned_replies(desk):
    client, tickets, _ = desk
    csrf = sign_in(client, "wang")
    assert client.post("/canned", data={"csrf": csrf, "title": "t", "body": "b"}).status_code == 403
    assert CannedReplies(tickets.db).all() == []
    assert "只有管理员" in client.get("/canned").text


def test_an_admin_adds_edits_and_deletes_and_is_told_about_unknown_variables(desk):
    client, tickets, _ = desk
    csrf = sign_in(client, "boss")
    refused = client.post("/canned", data={"csrf": csrf, "title": "错", "body": "{欠款}"})
    assert "未知的变量" in client.get(refused.headers["location"]).text
    client.post("/canned", data={"csrf": csrf, "title": "欠薪", "body": "被欠{被欠金额}，工单{工单号}"})
    [saved] = CannedReplies(tickets.db).all()
    client.post(f"/canned/{saved['id']}", data={"csrf": csrf, "title": "欠薪回复", "body": saved["body"]})
    assert CannedReplies(tickets.db).get(saved["id"])["title"] == "欠薪回复"
    client.post(f"/canned/{saved['id']}/delete", data={"csrf": csrf})
    assert CannedReplies(tickets.db).all() == []


def test_a_lawyer_fills_the_reply_box_and_cannot_send_it_with_blanks_left(desk):
    client, tickets, ticket = desk
    CannedReplies(tickets.db).add("欠薪", "{工人称呼}您好，被欠{被欠金额}，工单{工单号}", "boss")
    [reply] = CannedReplies(tickets.db).all()
    csrf = sign_in(client, "wang")
    page = client.get(f"/tickets/{ticket}", params={"canned": reply["id"]}).text
    box = re.search(r'<textarea name="text" id="reply-text" required>([^<]*)</textarea>', page).group(1)
    assert box == f"【工人称呼】您好，被欠90,000元，工单{ticket}"
    refused = client.post(f"/tickets/{ticket}/reply", data={"csrf": csrf, "text": box})
    back = client.get(refused.headers["location"]).text
    assert "还有没填的空：【工人称呼】" in back and box in back  # the text is kept for the lawyer to finish
    assert tickets.outbox.undelivered()[-1]["text"].startswith("您的问题")  # only the claim notice went out
    client.post(f"/tickets/{ticket}/reply", data={"csrf": csrf, "text": box.replace("【工人称呼】", "李师傅")})
    assert tickets.outbox.undelivered()[-1]["text"].endswith(f"李师傅您好，被欠90,000元，工单{ticket}")
