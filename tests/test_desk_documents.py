"""The desk's documents page: a lawyer corrects what the assistant read wrong, regenerates the
document from the ticket, and downloads it (and the ticket's other files)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.test_desk import desk, sign_in, token  # noqa: F401 (fixture)


def regenerate(client, ticket, **fields):
    csrf = token(client, f"/tickets/{ticket}/documents")
    return client.post(f"/tickets/{ticket}/documents", data={"csrf": csrf, **fields})


def links(client, ticket) -> list[str]:
    page = client.get(f"/tickets/{ticket}/documents").text
    return re.findall(rf'href="(/tickets/{ticket}/files\?name=[^"]+)"', page)


@pytest.mark.stack  # pdftotext, pdftoppm: processes (tests/test_markers.py)
def test_a_lawyer_corrects_the_facts_and_downloads_the_new_application(desk, tmp_path):  # noqa: F811
    client, tickets, ticket = desk
    sign_in(client)
    assert f'href="/tickets/{ticket}/documents"' in client.get(f"/tickets/{ticket}").text
    response = regenerate(client, ticket, kind="arbitration", employer="杭州美美服装有限公司", city="杭州",
                          monthly_wage="6000")
    assert response.status_code == 303 and "/documents?notice=" in response.headers["location"]
    found = links(client, ticket)
    assert len(found) == 2 and any(".pdf" in link for link in found) and any(".docx" in link for link in found)
    pdf = client.get(next(link for link in found if ".pdf" in link))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    (tmp_path / "a.pdf").write_bytes(pdf.content)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], capture_output=True,
                                             text=True, check=True).stdout)
    assert "支付拖欠的工资90,000元" in text  # the stored fact, computed again with the corrections
    assert "杭州美美服装有限公司" in text and "杭州市劳动人事争议仲裁委员会" in text
    note = [e for e in tickets.events(ticket) if e["action"] == "note"][-1]
    assert note["actor"] == "wang" and "单位全称改为杭州美美服装有限公司" in note["detail"]
    assert "employer" not in tickets.get(ticket)["facts"]  # the case file keeps what the worker said


def test_without_corrections_the_stored_calculations_are_used(desk):  # noqa: F811
    client, tickets, ticket = desk
    sign_in(client)
    regenerate(client, ticket, kind="complaint")
    [pdf] = [link for link in links(client, ticket) if ".pdf" in link]
    assert "%E5%8A%B3%E5%8A%A8%E4%BF%9D%E9%9A%9C%E7%9B%91%E5%AF%9F%E6%8A%95%E8%AF%89%E4%B9%A6" in pdf  # 劳动保障监察投诉书


@pytest.mark.parametrize("fields, error", [
    ({"kind": "will"}, "没有这种文书"),
    ({"kind": "arbitration", "start_date": "去年三月"}, "请按 2025-03-01 的格式填写"),
    ({"kind": "arbitration", "monthly_wage": "很多"}, "请填大于 0 的数字"),
])
def test_what_cannot_be_read_is_explained_not_drafted(desk, fields, error):  # noqa: F811
    client, _, ticket = desk
    sign_in(client)
    response = regenerate(client, ticket, **fields)
    assert response.status_code == 303
    assert error in client.get(response.headers["location"]).text
    assert links(client, ticket) == []


def test_only_the_tickets_own_files_can_be_downloaded(desk):  # noqa: F811
    client, _, ticket = desk
    sign_in(client)
    for name in ("../../cases.db", "cases.db", ""):
        assert client.get(f"/tickets/{ticket}/files", params={"name": name}).status_code == 404


def test_signed_out_nobody_drafts_or_downloads(desk):  # noqa: F811
    client, _, ticket = desk
    assert client.get(f"/tickets/{ticket}/documents").headers["location"] == "/login"
    assert client.get(f"/tickets/{ticket}/files?name=x.pdf").headers["location"] == "/login"
    response = client.post(f"/tickets/{ticket}/documents", data={"csrf": token(client), "kind": "arbitration"})
    assert response.headers["location"] == "/login"
