"""Retention (purge) and backup/restore of the data folder."""

from __future__ import annotations

import datetime as dt
import json

from channels.journal import Journal
from channels.outlet import Conversation
from desk.maintenance import purge
from foundation import clock as hotline_clock
from hotline.cli import main
from stores.tickets import Tickets
from testing.stack import stack_env


def closed_ticket(tickets: Tickets) -> str:
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"],
                            facts={"contact_phone": "13812345678"}, calculations=[],
                            transcript=[{"from": "worker", "text": "我叫王五，电话13812345678"}],
                            channel="telegram", chat_id="42", consent=True)
    tickets.claim(ticket, "zhang")
    tickets.reply(ticket, "zhang", "王五您好")
    tickets.resolve(ticket, "zhang", "wages_recovered", 5000)
    tickets.close(ticket, "zhang")
    return ticket


def test_purge_removes_personal_data_and_keeps_statistics(tmp_path):
    tickets = Tickets(tmp_path / "cases.db")
    ticket = closed_ticket(tickets)
    open_one = tickets.create(topic="overtime", urgency="normal", reasons=[], facts={}, calculations=[],
                              transcript=[{"from": "worker", "text": "加班"}], channel="telegram", chat_id="7",
                              consent=True)
    Journal(tmp_path / "journal.db").record("telegram:1", Conversation("telegram", "42"), "我叫王五")
    drafted = tmp_path / "webchat" / "files" / "token" / "劳动仲裁申请书.pdf"  # a document sent to a web-chat worker
    drafted.parent.mkdir(parents=True)
    drafted.write_bytes(b"%PDF")
    later = hotline_clock.now() + dt.timedelta(days=400)
    counts = purge(tmp_path, 365, now=later)
    assert counts["tickets"] == 1 and counts["journal"] == 1
    assert counts["files"] == 1 and not drafted.exists()
    row = tickets.get(ticket)
    assert row["transcript"] == [] and row["facts"] == {} and row["chat_id"] == ""
    assert row["outcome"] == "wages_recovered" and row["amount_recovered"] == 5000 and row["topic"] == "wage_arrears"
    assert "王五" not in json.dumps(tickets.events(ticket), ensure_ascii=False)
    assert tickets.get(open_one)["transcript"]  # open tickets are never purged
    assert purge(tmp_path, 365, now=hotline_clock.now())["tickets"] == 0  # not yet past retention
    tickets.disconnect()


def test_backup_and_restore_bring_the_data_back(tmp_path, environment, capsys):
    data = tmp_path / "data"
    environment(stack_env(data))
    tickets = Tickets(data / "cases.db")
    ticket = closed_ticket(tickets)
    assert main(["backup", str(tmp_path / "backup")]) == 0
    tickets.reopen(ticket, "zhang")
    assert tickets.get(ticket)["status"] == "in_progress"
    assert main(["restore", str(tmp_path / "backup")]) == 0
    assert tickets.get(ticket)["status"] == "closed"  # the open connection sees the restored file
    tickets.disconnect()
    assert main(["restore", str(tmp_path / "nothing-here")]) == 1
    assert "没有备份文件" in capsys.readouterr().err
