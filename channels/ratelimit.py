"""Per-worker rate limit: a flood from one conversation must not slow the service for others.

A sliding window per conversation (its sender id, whatever the channel); pure and
clock-injectable so it is tested without sleeping. In memory: a restart forgets the
windows, which only lets a flooding worker start afresh."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, limit: int = 12, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit  # messages per window: Settings.rate_limit (HOTLINE_RATE_LIMIT)
        self.window = window
        self.clock = clock
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._warned: set[str] = set()

    def allow(self, conversation: str) -> bool:
        """True if this conversation may send another message now."""
        now = self.clock()
        seen = self._seen[conversation]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        self._warned.discard(conversation)
        return True

    def should_warn(self, conversation: str) -> bool:
        """Tell a flooding worker once, not once per message."""
        if conversation in self._warned:
            return False
        self._warned.add(conversation)
        return True
