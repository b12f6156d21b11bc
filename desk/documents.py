"""Documents drafted from a ticket's case (casework/documents.py), on the desk: a lawyer picks
the kind, corrects what the assistant read wrong (the employer's name, the city, the wage, the
sum owed, the dates) and regenerates the PDF and DOCX; every file kept beside the ticket (the
worker's evidence, the documents the assistant sent) can be downloaded.

Corrections apply to the document being drafted, not to the ticket's facts: the case file
keeps what the worker said. With no correction the ticket's stored calculations are used;
with one, the figures are computed again from the corrected facts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response

from casework import documents as drafts
from casework import figures
from casework.present import WORDS_KEY, value_text
from desk.auth import CurrentLawyer, lawyers_router, same_session
from desk.deps import TicketStore
from desk.render import render
from foundation import clock
from paperwork.render import FontMissing
from paperwork.render import render as render_files
from stores.tickets import TicketError

router = lawyers_router(prefix="/tickets/{ticket_id}")
Text = Annotated[str, Form()]
# What a lawyer may correct before regenerating: fact key → (label, kind).
CORRECTIONS = {"employer": ("单位全称", "text"), "city": ("城市（仲裁委、人社局所在地）", "text"),
               "monthly_wage": ("月工资（元）", "money"), "amount_owed": ("被欠工资（元）", "money"),
               "start_date": ("入职日期（如 2025-03-01）", "date"), "left_date": ("离职/被辞退日期", "date")}


def folder(request: Request, ticket_id: str) -> Path:
    """Where a ticket's files live: the worker's evidence and the drafted documents."""
    return request.app.state.settings.data_dir / "attachments" / ticket_id


def case_files(path: Path) -> list[dict]:
    """The ticket's files, newest first."""
    if not path.is_dir():
        return []
    found = sorted(((p, p.stat()) for p in path.iterdir() if p.is_file()), key=lambda f: f[1].st_mtime, reverse=True)
    return [{"name": p.name, "kb": max(1, stat.st_size // 1024),
             "at": clock.at(stat.st_mtime).strftime("%Y-%m-%d %H:%M")} for p, stat in found]


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, ticket_id: str, tickets: TicketStore) -> HTMLResponse:
    ticket = tickets.get(ticket_id)
    facts = ticket["facts"]
    fields = [{"key": key, "label": label, "value": "" if facts.get(key) is None else
               (str(facts[key]) if kind in ("text", "date") else f"{float(facts[key]):g}")}
              for key, (label, kind) in CORRECTIONS.items()]
    return render(request, "documents.html", t=ticket, kinds=drafts.TITLES, fields=fields,
                  files=case_files(folder(request, ticket_id)))


@router.post("/documents", dependencies=[Depends(same_session)])
async def regenerate(request: Request, ticket_id: str, me: CurrentLawyer, tickets: TicketStore,
                     kind: Text = "arbitration") -> Response:
    """Draft the document again from the ticket's facts, with the lawyer's corrections."""
    ticket = tickets.get(ticket_id)
    if kind not in drafts.TITLES:
        raise TicketError(f"没有这种文书：{kind}")
    form = await request.form()
    corrections = _corrections({key: str(form.get(key) or "") for key in CORRECTIONS}, ticket["facts"])
    facts = {k: v for k, v in {**ticket["facts"], **corrections}.items() if k != WORDS_KEY}
    today = clock.today()
    calculations = figures.figures(facts, ticket["topic"], today) if corrections else ticket["calculations"]
    document = drafts.build(kind, ticket["topic"], facts, calculations, today)
    try:
        files = render_files(document)
    except FontMissing as error:
        raise TicketError(f"文书没有生成：服务器缺少中文字体（{error}）") from None
    target = folder(request, ticket_id)
    target.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    names = []
    for name, content in files:
        stem, _, suffix = name.rpartition(".")
        names.append(f"{stem}-{stamp}.{suffix}")
        (target / names[-1]).write_bytes(content)
    changed = "；".join(f"{CORRECTIONS[k][0]}改为{value_text(k, v)}" for k, v in corrections.items())
    tickets.note(ticket_id, me["username"], f"重新生成文书 {'、'.join(names)}" + (f"（{changed}）" if changed else ""))
    notice = f"已生成{document.title}，见下方文件列表"
    return RedirectResponse(f"/tickets/{ticket_id}/documents?notice={quote(notice)}", status_code=303)


@router.get("/files")
def download(request: Request, ticket_id: str, tickets: TicketStore, name: str = "") -> Response:
    """One of the ticket's files; only a name the folder lists (no paths)."""
    tickets.get(ticket_id)
    path = folder(request, ticket_id)
    if not name or name not in {f["name"] for f in case_files(path)}:
        return PlainTextResponse("没有这个文件。", status_code=404)
    return FileResponse(path / name, filename=name)


def _corrections(form: dict[str, str], facts: dict) -> dict:
    """The fields the lawyer changed, read as facts; a value that cannot be read is refused."""
    changed = {}
    for key, raw in form.items():
        raw = raw.strip()
        label, kind = CORRECTIONS[key]
        current = facts.get(key)
        if not raw:
            continue
        if kind == "money":
            try:
                value = float(raw.replace(",", "").replace("，", ""))
            except ValueError:
                value = 0.0
            if not 0 < value < 100_000_000:
                raise TicketError(f"{label}请填大于 0 的数字")
            if isinstance(current, (int, float)) and float(current) == value:
                continue
        elif kind == "date":
            try:
                value = dt.date.fromisoformat(raw).isoformat()
            except ValueError:
                raise TicketError(f"{label}请按 2025-03-01 的格式填写") from None
        else:
            value = raw[:100]
        if value != current:
            changed[key] = value
    return changed
