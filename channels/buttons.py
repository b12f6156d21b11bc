"""Buttons under a reply, kept server-side: the worker's client gets a short id ("b17"),
the pipeline keeps the title and the payload.

Platforms limit what a button carries back (Telegram's callback data and WeChat's menu
option ids: 64 bytes) and Rasa payloads can be longer (`/choose_faq{"faq_id": …}`). Every
payload gets an id, not only long ones, so a press on any channel comes back the same
way: the id is looked up in the worker's own conversation (another worker's id, a forged
one or one purged with the journal is "expired"), and the title is known for the
lawyer's transcript ("[同意]") without the platform echoing it. The ids are rows of the
journal's `buttons` table, so buttons sent before a restart still work after it; the same
button sent to the same conversation again (a retried outbox message, 找律师 under many
answers) keeps its id, so the table grows with what workers are offered, not with retries.
"""

from __future__ import annotations

import json

import sqlite_utils

from channels.outlet import Conversation
from foundation import clock
from stores.sqlite import write

PREFIX = "b"


class Buttons:
    def __init__(self, db: sqlite_utils.Database):
        self.db = db  # the journal's connection (channels/journal.py owns the table)

    def keep(self, conversation: Conversation, buttons: list[tuple[str, str]] | tuple) -> list[tuple[str, str]]:
        """(title, payload) -> (title, short id), the ids stored for `conversation`."""
        if not buttons:
            return []
        kept = []
        with write(self.db):
            for title, payload in buttons:
                self.db.execute(
                    "insert into buttons (conversation, title, payload, created) values (?, ?, ?, ?) "
                    "on conflict (conversation, payload, title) do update set created = excluded.created",
                    [conversation.sender, title, payload, clock.now().isoformat(timespec="seconds")])
                (number,) = self.db.execute(
                    "select id from buttons where conversation = ? and payload = ? and title = ?",
                    [conversation.sender, payload, title]).fetchone()
                kept.append((title, f"{PREFIX}{number}"))
        return kept

    def known(self, conversation: Conversation, buttons: list[tuple[str, str]] | tuple) -> list[tuple[str, str]]:
        """(title, payload) -> (title, short id) for buttons already sent (the journal's history
        shown again); a button that is gone (purged) is left out. Reads only."""
        found = []
        for title, payload in buttons:
            row = self.db.execute("select id from buttons where conversation = ? and payload = ? and title = ?",
                                  [conversation.sender, payload, title]).fetchone()
            if row:
                found.append((title, f"{PREFIX}{row[0]}"))
        return found

    def pressed(self, conversation: Conversation, short_id: str) -> tuple[str, str] | None:
        """(title, payload) of a button sent to this conversation, or None."""
        number = short_id.removeprefix(PREFIX)
        if not short_id.startswith(PREFIX) or not number.isascii() or not number.isdigit():
            return None
        row = self.db.execute("select title, payload from buttons where id = ? and conversation = ?",
                              [int(number), conversation.sender]).fetchone()
        return (row[0], row[1]) if row else None

    def offered(self, conversation: Conversation) -> list[tuple[str, str]]:
        """(title, short id) of the options under the last message sent to this conversation
        since the worker last wrote, or []: a channel that shows options as numbered text
        (WeChat without menu messages) maps the worker's "1" to the first."""
        row = self.db.execute(
            "select buttons from outgoing where conversation = ? and delivered = 1 and coalesce(after, 0) >= "
            "coalesce((select max(seq) from incoming where conversation = ?), 0) order by id desc limit 1",
            [conversation.sender, conversation.sender]).fetchone()
        if row is None or not row[0]:
            return []
        found = []
        for title, payload in json.loads(row[0]):
            number = self.db.execute("select id from buttons where conversation = ? and payload = ? and title = ?",
                                     [conversation.sender, payload, title]).fetchone()
            if number is None:  # purged meanwhile: the options are gone
                return []
            found.append((title, f"{PREFIX}{number[0]}"))
        return found
