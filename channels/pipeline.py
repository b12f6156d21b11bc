"""The pipeline's parts for one channel, in one object an adapter builds once.

Every step (channels/intake.py, relay.py, sending.py, jobs.py) takes this object, as the
bot's code used to take python-telegram-bot's `Application`: the adapter's outlet, the
journal, the cases store, the Rasa client, the rate limiter, degraded answers, the
settings and the clock. Tests replace a part (`pipeline.rasa = FakeRasa()`,
`pipeline.clock = …`) after building it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from channels.degraded import DegradedAnswers
from channels.journal import Journal
from channels.ordering import PerConversation
from channels.outlet import Outlet
from channels.ratelimit import RateLimiter
from foundation import clock as hotline_clock
from foundation.rasa_client import RasaClient
from foundation.settings import Settings
from stores.tickets import Tickets


@dataclass
class Pipeline:
    outlet: Outlet
    settings: Settings
    journal: Journal
    tickets: Tickets
    rasa: Any  # RasaClient, or anything with `async send(sender, text) -> list[dict]` and `close()`
    limiter: RateLimiter
    degraded: DegradedAnswers
    clock: Callable[[], dt.datetime] = hotline_clock.now  # a naive China-time datetime (foundation/clock.py)
    order: PerConversation = field(default_factory=PerConversation)

    @classmethod
    def open(cls, settings: Settings, outlet: Outlet, **parts: Any) -> Pipeline:
        """The parts from the settings (their files under the data folder); `parts` replace some."""
        makers = {"journal": lambda: Journal(settings.journal_db), "tickets": lambda: Tickets(settings.cases_db),
                  "rasa": lambda: RasaClient(settings.rasa_url, settings.rasa_timeout),
                  "limiter": lambda: RateLimiter(settings.rate_limit),
                  "degraded": lambda: DegradedAnswers(settings.kb_db, settings.cases_db)}
        for name, make in makers.items():
            if name not in parts:
                parts[name] = make()
        return cls(outlet=outlet, settings=settings, **parts)

    @property
    def channel(self) -> str:
        return self.outlet.channel

    def today(self) -> dt.date:
        return self.clock().date()

    async def close(self) -> None:
        """The Rasa client's connections and the two SQLite files."""
        await self.rasa.close()
        self.tickets.disconnect()
        self.journal.close()
