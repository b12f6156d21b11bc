"""Per-worker rate limit: a flood from one chat must not slow the service for others.

A sliding window per chat; pure and clock-injectable so it is tested without sleeping."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, limit: int = 12, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit  # messages per window: Settings.rate_limit (HOTLINE_RATE_LIMIT)
        self.window = window
        self.clock = clock
        self._seen: dict[int, deque[float]] = defaultdict(deque)
        self._warned: set[int] = set()

    def allow(self, chat_id: int) -> bool:
        """True if this chat may send another message now."""
        now = self.clock()
        seen = self._seen[chat_id]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        self._warned.discard(chat_id)
        return True

    def should_warn(self, chat_id: int) -> bool:
        """Tell a flooding worker once, not once per message."""
        if chat_id in self._warned:
            return False
        self._warned.add(chat_id)
        return True
