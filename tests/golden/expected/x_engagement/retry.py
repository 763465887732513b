"""When to try again, and how long to wait: pure decisions, so sync and async share them."""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Mapping

import msgspec

RETRY_STATUSES = frozenset({500, 502, 503, 504})


class RetryPolicy(msgspec.Struct, frozen=True):
    """Exponential backoff with jitter on 5xx and connection errors; 429 waits for the reset.

    `RetryPolicy.disabled()` turns every retry off. `rng` is injectable for tests.
    """

    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    jitter: float = 0.25
    retry_statuses: frozenset[int] = RETRY_STATUSES
    retry_connection_errors: bool = True
    wait_on_rate_limit: bool = True
    max_rate_limit_wait: float = 900.0
    rng: Callable[[], float] = _random.random

    @classmethod
    def disabled(cls) -> RetryPolicy:
        return cls(max_retries=0, wait_on_rate_limit=False, retry_connection_errors=False)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (0-based): base * 2**attempt, capped, minus jitter."""
        delay = min(self.backoff_max, self.backoff_base * (2.0**attempt))
        return delay * (1.0 - self.jitter * self.rng())

    def rate_limit_delay(self, headers: Mapping[str, str], now: float) -> float | None:
        """Seconds until the window reopens per `x-rate-limit-reset` or `retry-after`; None if unknown."""
        reset = headers.get("x-rate-limit-reset")
        if reset is not None:
            try:
                return max(0.0, float(reset) - now)
            except ValueError:
                pass
        after = headers.get("retry-after")
        if after is not None:
            try:
                return max(0.0, float(after))
            except ValueError:
                pass
        return None

    def delay_for_status(
        self, status: int, headers: Mapping[str, str], attempt: int, now: float
    ) -> float | None:
        """How long to wait before retrying a response with `status`, or None to stop."""
        if attempt >= self.max_retries:
            return None
        if status == 429:
            if not self.wait_on_rate_limit:
                return None
            wait = self.rate_limit_delay(headers, now)
            if wait is None:
                return self.backoff(attempt)
            return wait if wait <= self.max_rate_limit_wait else None
        if status in self.retry_statuses:
            return self.backoff(attempt)
        return None

    def delay_for_connection_error(self, attempt: int) -> float | None:
        if not self.retry_connection_errors or attempt >= self.max_retries:
            return None
        return self.backoff(attempt)
