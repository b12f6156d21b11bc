"""Draft FAQ entries from resolved tickets, written as YAML files for staff to review
(default knowledge/faq/drafts/, `HOTLINE_FAQ_DRAFTS_DIR`). The knowledge base never reads
them: its loader and `hotline kb build/check` take only knowledge/faq/*.yml, not subfolders.
What goes into a draft is casework/faq_draft.py's; this module reads the law texts and the
taxonomy it checks against, and writes the file (again for the same ticket: replaced)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from casework.faq_draft import DraftError, draft_entry, to_yaml
from foundation import clock
from knowledge.faq import load_topics
from knowledge.laws import law_names, load_laws
from stores.tickets import Ticket, TicketError


def write_draft(ticket: Ticket, folder: Path, today: dt.date | None = None) -> Path:
    """The draft file for `ticket`; raises TicketError (a sentence for the lawyer) when the
    ticket cannot become one."""
    try:
        entry = draft_entry(ticket, load_laws().keys(), law_names(), load_topics())
    except DraftError as error:
        raise TicketError(str(error)) from None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{ticket['id']}.yml"
    partial = target.with_suffix(".yml.tmp")
    partial.write_text(to_yaml(entry, ticket["id"], today or clock.today()), encoding="utf-8")
    os.replace(partial, target)  # staff never open half a file
    return target
