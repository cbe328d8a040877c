"""Token buckets, in process: one per caller (API key or client address).

Each process keeps its own buckets, so with N workers a caller may get up to N times the limit;
that is acceptable for a guard against floods. A shared limit needs a shared store (Redis, or the
database) and is left for when Signpost runs on several machines.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    """`per_minute` requests a minute per key, with bursts of up to `per_minute` at once."""

    def __init__(
        self,
        *,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Takes one token for `key`: 0 if the request may go ahead, else seconds to wait."""
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                tokens -= 1
                wait = 0.0
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[key] = (tokens, now)
            # The least recently seen callers go first; a forgotten caller starts full again.
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return wait
