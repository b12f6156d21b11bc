"""A WeChat worker through every real part: the platform posting in safe mode to the `wechat`
process (started by hotline/stack.py), the channel pipeline, the Rasa 3.6 server, the action
server and the knowledge base, answering through a fake of the WeChat API on loopback."""

from __future__ import annotations

import re
import time

import pytest

from stores.tickets import Tickets
from testing.fake_wechat import WeChatStack, image_xml, text_xml

pytestmark = pytest.mark.stack  # Rasa, the action server and the wechat process


def write(stack: WeChatStack, openid: str, text: str, menu_id: str = "") -> None:
    [response] = stack.platform.deliver(text_xml(openid, text, menu_id=menu_id), safe=True)
    assert response.status_code == 200 and response.text == "success"


def test_a_wechat_worker_gets_cited_answers_a_lawyer_and_the_lawyers_replies(wechat_stack: WeChatStack):
    fake, worker = wechat_stack.fake, "oStackWorker-1"
    write(wechat_stack, worker, "老板拖欠我三个月工资了怎么办")
    answer = fake.wait_for_text(worker, "依据：《", timeout=60)
    assert "工资" in answer

    # a menu message's option, tapped
    write(wechat_stack, worker, "我要找律师")
    fake.wait_for_text(worker, "同意转给律师吗", timeout=60)
    [menu] = [m for m in fake.sent(worker) if "同意转给律师吗" in m.get("msgmenu", {}).get("head_content", "")]
    [here] = [o for o in menu["msgmenu"]["list"] if o["content"] == "同意，律师在这里回复我"]
    write(wechat_stack, worker, here["content"], menu_id=here["id"])
    confirmation = fake.wait_for_text(worker, r"12351-\d{8}-\d{4}", timeout=60)
    ticket_id = re.search(r"12351-\d{8}-\d{4}", confirmation).group(0)

    tickets = Tickets(wechat_stack.settings.cases_db)
    try:
        ticket = tickets.get(ticket_id)
        assert (ticket["chat_id"], ticket["channel"]) == (f"wx-{worker}", "wechat")

        # a photo on the open ticket is kept as evidence
        fake.add_media("stack-payslip", b"\xff\xd8\xff payslip")
        wechat_stack.platform.deliver(image_xml(worker, "stack-payslip"), safe=True)
        assert ticket_id in fake.wait_for_text(worker, "作为证据", timeout=30)
        [kept] = [e["detail"] for e in tickets.events(ticket_id) if e["action"] == "attachment"]
        assert (wechat_stack.settings.data_dir / kept).read_bytes() == b"\xff\xd8\xff payslip"

        # the lawyer's reply goes back through WeChat
        tickets.claim(ticket_id, "wang", "王律师")
        tickets.reply(ticket_id, "王律师", "您好，我是工会的王律师，请问单位在哪个城市？")
        assert fake.wait_for_text(worker, "单位在哪个城市", timeout=30).startswith("【工会律师回复】")

        # 48 hours without a word from the worker: the next reply waits, the lawyer is told
        fake.closed_windows.add(worker)
        tickets.reply(ticket_id, "王律师", "请把劳动合同也拍照发来。")
        deadline = time.monotonic() + 30
        while not any("暂未送达" in e["detail"] for e in tickets.events(ticket_id)):
            assert time.monotonic() < deadline, "the lawyer was not told that the reply waits"
            time.sleep(0.3)
        assert not any("劳动合同也拍照" in m.get("text", {}).get("content", "") for m in fake.sent(worker))
        fake.closed_windows.discard(worker)
        write(wechat_stack, worker, "在杭州")
        late = fake.wait_for_text(worker, "劳动合同也拍照", timeout=30)
        held = fake.wait_for_text(worker, "已转给正在处理您案子的律师", timeout=30)
        sent = [m.get("text", {}).get("content", "") for m in fake.sent(worker)]
        assert sent.index(late) < sent.index(held)
        assert tickets.get(ticket_id)["transcript"][-1]["text"] == "在杭州"
        assert tickets.outbox.undelivered(channel="wechat") == []
    finally:
        tickets.disconnect()
