"""Rate-limit headers for every response and, when switched on, a 429 once a window is spent."""

from __future__ import annotations

import functools
import threading
from datetime import datetime

from contracts import spec
from contracts.mock.config import RateLimit
from generator.roles import VARIANTS

V2, ENTERPRISE, ANALYTICS, MEDIA = VARIANTS
DEFAULT_LIMITS = {
    V2: RateLimit(300, 900),
    ENTERPRISE: RateLimit(60, 60),
    ANALYTICS: RateLimit(300, 900),  # X docs: 300 requests per 15 minutes, per app and per user
    MEDIA: RateLimit(300, 900),
}


@functools.cache
def header_names(variant: str) -> dict[str, str]:
    """Rate-limit role -> the header name `variant`'s answers carry for it, as the spec names them."""
    carried = {name for op in spec.operations().values() if op.variant == variant for name in op.rate_limit_headers}
    return {role: name for role, names in spec.roles().rate_limit_headers.items() for name in names if name in carried}


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
        names = header_names(variant)
        headers = {names["rate-limit-limit"]: str(limit.limit), names["rate-limit-remaining"]: str(remaining)}
        if "rate-limit-reset" in names:
            headers[names["rate-limit-reset"]] = str((window + 1) * limit.window_seconds)
        return allowed, headers
