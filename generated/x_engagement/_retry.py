"""When to try again, and how long to wait: pure decisions, so sync and async share them."""

from __future__ import annotations

import math
import random as _random
from collections.abc import Callable, Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime

import msgspec

from x_engagement._spec import RATE_LIMIT_RESET_HEADERS as RESET_HEADERS

RETRY_STATUSES = frozenset({500, 502, 503, 504})


def seconds_value(value: str | None) -> float | None:
    """A finite number in a header, or None: `nan`, `inf`, `²` and junk never raise."""
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """`retry-after` as delay-seconds or as an HTTP date (RFC 9110), relative to `now`; None if unusable."""
    seconds = seconds_value(value)
    if seconds is not None or value is None:
        return seconds
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a zone-less one is read as UTC
        when = when.replace(tzinfo=UTC)
    return when.timestamp() - now


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
    # True: a wait for a rate limit's reset (itself capped by max_rate_limit_wait) is added to the
    # call's deadline, so the deadline bounds only the server's own slowness (the command line's
    # choice: a 15-minute window is worth waiting for, a trickling server is not).
    rate_limit_waits_extend_deadline: bool = False
    rng: Callable[[], float] = _random.random

    @classmethod
    def disabled(cls) -> RetryPolicy:
        return cls(max_retries=0, wait_on_rate_limit=False, retry_connection_errors=False)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (0-based): base * 2**attempt, capped, minus jitter."""
        delay = min(self.backoff_max, self.backoff_base * (2.0**attempt))
        return delay * (1.0 - self.jitter * self.rng())

    def rate_limit_delay(self, headers: Mapping[str, str], now: float) -> float | None:
        """Seconds until the window reopens per `x-rate-limit-reset` or `retry-after`; None if unknown.

        A reset in the past, a negative, zero or unreadable value is unknown too: the caller backs
        off instead of hammering the server with 0 s waits.
        """
        reset = seconds_value(next((headers[n] for n in RESET_HEADERS if n in headers), None))
        if reset is not None and reset - now > 0:
            return reset - now
        after = retry_after_seconds(headers.get("retry-after"), now)
        if after is not None and after > 0:
            return after
        return None

    def delay_for_status(
        self, status: int, headers: Mapping[str, str], attempt: int, now: float, waited: float = 0.0
    ) -> float | None:
        """How long to wait before retrying a response with `status`, or None to stop.

        `waited` is what this call already spent waiting on 429s: all of its rate-limit waits
        together stay within `max_rate_limit_wait`.
        """
        if attempt >= self.max_retries:
            return None
        if status == 429:
            if not self.wait_on_rate_limit:
                return None
            wait = self.rate_limit_delay(headers, now)
            if wait is None:
                wait = self.backoff(attempt)
            return wait if waited + wait <= self.max_rate_limit_wait else None
        if status in self.retry_statuses:
            return self.backoff(attempt)
        return None

    def delay_for_connection_error(self, attempt: int) -> float | None:
        if not self.retry_connection_errors or attempt >= self.max_retries:
            return None
        return self.backoff(attempt)
