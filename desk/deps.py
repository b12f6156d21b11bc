"""The stores a request works with: one connection per request, closed when it is answered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from stores.lawyers import Lawyers
from stores.tickets import Tickets


def _tickets(request: Request) -> Iterator[Tickets]:
    store = Tickets(request.app.state.settings.cases_db, check_same_thread=False)  # see stores.sqlite.connect
    try:
        yield store
    finally:
        store.disconnect()


TicketStore = Annotated[Tickets, Depends(_tickets)]


def _lawyers(store: TicketStore) -> Lawyers:
    return Lawyers(store.db)  # the same connection as the request's tickets


LawyerStore = Annotated[Lawyers, Depends(_lawyers)]
