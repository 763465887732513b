"""The mock's "now": one controllable clock per app, read once per request.

It drives the 28-hour window, the data (late revisions), the `Date` header and the rate-limit
windows, so a test can live through days of polling in seconds: set or advance it in-process
(`x_mock.clock`) or over HTTP (`/__mock/clock`, see `contracts.mock.control`).

Frozen, it moves only when told (deterministic answers); running, it follows its source (the real
time by default) at real speed from wherever it was last set.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The scope key under which a request carries the "now" it was received at.
NOW_SCOPE_KEY = "x_mock.now"


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware_utc(moment: datetime, where: str = "the mock clock") -> datetime:
    """`moment` in UTC; a naive datetime is refused, since its zone would be a guess."""
    if not isinstance(moment, datetime):
        raise TypeError(f"{where}: expected a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{where}: {moment.isoformat()} has no time zone; give one, e.g. 2026-03-10T14:00:00Z")
    return moment.astimezone(UTC)


class MockClock:
    """The mock's controllable "now" (thread-safe): `now`, `set(moment)`, `advance(delta)`.

    `start` None starts at the source's time. Calling the clock returns `now`, so it fits
    `MockConfig(clock=...)`.
    """

    def __init__(
        self, start: datetime | None = None, *, frozen: bool = True, source: Callable[[], datetime] = utc_now
    ) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._frozen = frozen
        self._anchor_source = source()
        self._anchor = self._anchor_source if start is None else aware_utc(start)

    @property
    def now(self) -> datetime:
        """The mock's current time, timezone-aware UTC."""
        with self._lock:
            return self._now()

    def _now(self) -> datetime:
        if self._frozen:
            return self._anchor
        return self._anchor + (self._source() - self._anchor_source)

    def __call__(self) -> datetime:
        return self.now

    @property
    def frozen(self) -> bool:
        return self._frozen

    def set(self, moment: datetime, *, frozen: bool | None = None) -> datetime:
        """Jump to `moment` (any aware time, earlier ones too); `frozen` switches the mode."""
        moment = aware_utc(moment)
        with self._lock:
            self._anchor, self._anchor_source = moment, self._source()
            if frozen is not None:
                self._frozen = frozen
            return moment

    def advance(self, delta: timedelta | float, *, frozen: bool | None = None) -> datetime:
        """Move forward by `delta` (a timedelta or seconds, not negative); returns the new now."""
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"the mock clock advances by zero or more seconds, got {delta!r}; use set() to go back")
        with self._lock:
            try:
                moment = self._now() + timedelta(seconds=seconds)
            except OverflowError:
                raise ValueError(f"advancing the mock clock by {delta!r} passes the year 9999") from None
            self._anchor, self._anchor_source = moment, self._source()
            if frozen is not None:
                self._frozen = frozen
            return moment

    def state(self) -> dict[str, Any]:
        """What `GET /__mock/clock` answers."""
        with self._lock:
            return {"now": iso(self._now()), "frozen": self._frozen}

    def __repr__(self) -> str:
        return f"MockClock(now={iso(self.now)}, frozen={self._frozen})"


def iso(moment: datetime) -> str:
    """RFC 3339 UTC (`Z`), microseconds only when there are some."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def http_date(moment: datetime) -> str:
    """An HTTP `Date` value (RFC 9110 IMF-fixdate: `Tue, 10 Mar 2026 14:37:12 GMT`)."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


class ClockedRequests:
    """ASGI middleware: reads the clock once per request, keeps it in the scope for the endpoint,
    and dates the response with it (uvicorn's own Date header is switched off in server.py)."""

    def __init__(self, app: ASGIApp, clock: MockClock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        now = self.clock.now
        scope[NOW_SCOPE_KEY] = now
        date = http_date(now).encode("latin-1")

        async def dated(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", date)]}
            await send(message)

        await self.app(scope, receive, dated)


def request_now(scope: MutableMapping[str, Any], clock: MockClock) -> datetime:
    """The time the request was received at (the clock's now when it came without middleware)."""
    now = scope.get(NOW_SCOPE_KEY)
    return now if isinstance(now, datetime) else clock.now
