"""Rate-limit headers for every response and, when switched on, a 429 once a window is spent."""

from __future__ import annotations

import threading
from datetime import datetime

from contracts.mock.config import RateLimit

DEFAULT_LIMITS = {"v2": RateLimit(300, 900), "enterprise": RateLimit(60, 60)}


class RateLimiter:
    """Fixed windows per variant. Off (`enforced=None`) it reports a full allowance and counts nothing."""

    def __init__(self, enforced: RateLimit | None) -> None:
        self.enforced = enforced
        self._lock = threading.Lock()
        self._used: dict[tuple[str, int], int] = {}

    def take(self, variant: str, now: datetime) -> tuple[bool, dict[str, str]]:
        """(allowed, headers) for one request of `variant` at `now`."""
        limit = self.enforced or DEFAULT_LIMITS[variant]
        window = int(now.timestamp()) // limit.window_seconds
        if self.enforced is None:
            remaining, allowed = limit.limit, True
        else:
            with self._lock:
                used = self._used.get((variant, window), 0)
                allowed = used < limit.limit
                if allowed:
                    used += 1
                    self._used[(variant, window)] = used
            remaining = limit.limit - used
        if variant == "v2":
            reset = (window + 1) * limit.window_seconds
            return allowed, {
                "x-rate-limit-limit": str(limit.limit),
                "x-rate-limit-remaining": str(remaining),
                "x-rate-limit-reset": str(reset),
            }
        return allowed, {"x-per-minute-limit": str(limit.limit), "x-per-minute-remaining": str(remaining)}
