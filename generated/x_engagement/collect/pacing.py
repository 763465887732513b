"""What every request loop of the collector shares: stopping after the write in progress, and
spending the rate budget kept in the database (waiting for the reset when none is left).

The poll (`poll.py`) and the backfill (`backfill.py`) both send requests through these, so a
backfill running beside a collector takes its requests from the same allowance.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from x_engagement.collect import budget
from x_engagement.collect.database import transaction
from x_engagement.collect.fetch import Answer, Fetcher

log = logging.getLogger("x_engagement.collect")


class Interrupted(Exception):
    """A signal arrived while the collector waited on the network in an `interruptible` block."""


class Stop:
    """Set by SIGTERM/SIGINT (or by the caller); waiting on it wakes up at once when it is set.

    A blocking socket read is not woken by a flag: inside `interruptible()` (a request whose
    answer nothing depends on yet, such as the clock probe) the signal raises `Interrupted` too.
    """

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal_name: str | None = None
        self.interrupting = 0

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        if self.is_set():
            raise Interrupted(self.signal_name or "stop")
        self.interrupting += 1
        try:
            yield
        finally:
            self.interrupting -= 1

    def set(self, name: str = "stop") -> None:
        self.signal_name = self.signal_name or name
        self.event.set()

    def is_set(self) -> bool:
        return self.event.is_set()

    def sleep(self, seconds: float) -> None:
        self.event.wait(max(0.0, seconds))


@contextlib.contextmanager
def handling_signals(stop: Stop) -> Iterator[None]:
    """SIGTERM and SIGINT set `stop` instead of raising, so the write in progress completes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if not stop.is_set():
            log.warning("%s received: stopping after the write in progress", name)
        stop.set(name)
        if stop.interrupting:
            raise Interrupted(name)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def take_budget(
    engine: Any,
    fetcher: Fetcher,
    key: str,
    wait: Callable[[float], object],
    stop: Stop,
    *,
    needed: Callable[[], bool] = lambda: True,
    on_wait: Callable[[], object] = lambda: None,
) -> bool:
    """Spend one request of the shared budget `key`, waiting for the reset if none is left; False
    when a stop came while waiting, or when `needed()` says there is nothing left to send (no
    wait for nothing)."""
    while not stop.is_set():
        with transaction(engine) as connection:
            pause = budget.take(connection, key, fetcher.clock.now())
        if pause is None:
            return True
        if not needed():
            return False
        on_wait()
        log.info(
            "rate limit: no %s requests left (limit %s) until %s (server time); waiting %.0f s",
            key,
            pause.limit if pause.limit is not None else "unknown",
            pause.until.isoformat(),
            pause.seconds,
        )
        wait(pause.seconds)
        if stop.is_set():
            return False
        fetcher.probe(key)
    return False


def give_back(engine: Any, key: str, fetcher: Fetcher) -> None:
    """Return a request taken but not sent to the current window."""
    with transaction(engine) as connection:
        budget.give_back(connection, key, fetcher.clock.now())


def record_budget(engine: Any, key: str, answer: Answer) -> None:
    """What an answer said of the budget, for every collector sharing the database."""
    with transaction(engine) as connection:
        budget.record(
            connection,
            key,
            limit=answer.limit,
            remaining=answer.remaining,
            reset_at=answer.reset_at,
            observed_at=answer.fetched_at,
        )
