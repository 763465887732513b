"""Any number of ids through `client.batch`, with progress, rate-limit waits shown, and Ctrl-C.

Ids go out in groups of `concurrency` chunks, each group one `client.batch` call, so an
interrupt loses at most the group in flight: everything fetched before it is kept and written.
Ctrl-C first wakes any worker sleeping through a rate limit (it gives up), then stops the loop.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, Any

from x_engagement._cli.progress import Progress
from x_engagement._operation import OperationSpec

if TYPE_CHECKING:
    import httpx

    from x_engagement._batching import ChunkFailure
    from x_engagement.client import Client
    from x_engagement.table import Row


class Cancelled(Exception):
    """Raised in a worker whose wait was cut short by Ctrl-C; its chunk is dropped."""


@dataclass
class Outcome:
    """What a run fetched: one result per chunk that answered, the failed chunks, and whether
    Ctrl-C cut it short."""

    results: list[Any] = field(default_factory=list)
    failures: list[ChunkFailure] = field(default_factory=list)
    interrupted: bool = False
    variant: str = ""
    granularity: str | None = None  # keep only rows of this bucket size (v2 adds window totals)

    def rows(self) -> list[Row]:
        rows = [row for result in self.results for row in result.to_rows()]
        if self.granularity is None:
            return rows
        return [row for row in rows if row.granularity == self.granularity]


class Waits:
    """The client's `sleep`: shows each wait on the progress line and ends it early on Ctrl-C.

    A response hook remembers, per worker thread, the last status and headers, so a wait after
    a 429 is named as a rate limit (and its reset time shown) and any other as a retry.
    """

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.cancel = threading.Event()
        self._last = threading.local()

    def on_request(self, request: httpx.Request) -> None:
        self._last.status = None

    def on_response(self, response: httpx.Response) -> None:
        self._last.status = response.status_code

    def sleep(self, seconds: float) -> None:
        status = getattr(self._last, "status", None)
        reason = "no response" if status is None else f"HTTP {status}"
        self.progress.waiting(seconds, reason, rate_limited=status == 429)
        try:
            if self.cancel.wait(seconds):
                raise Cancelled("interrupted while waiting")
        finally:
            self.progress.waited()

    @property
    def event_hooks(self) -> dict[str, list[Callable[[Any], None]]]:
        """The httpx hooks that let a wait name the status it waits on (the client's `event_hooks`)."""
        return {"request": [self.on_request], "response": [self.on_response]}


@contextmanager
def interruptible(waits: Waits) -> Iterator[None]:
    """Ctrl-C sets `waits.cancel` (waking sleeping workers) before KeyboardInterrupt is raised."""

    def handler(signum: int, frame: FrameType | None) -> None:
        waits.cancel.set()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def validate(
    client: Client, command: OperationSpec, arguments: Mapping[str, Any], ids: list[str]
) -> None:
    """Every chunk checked against the spec, no request sent: InvalidRequest lists each problem."""
    every = command.on_the_wire({**arguments, command.batch_parameter: ids})
    client.batch.validate(command, every)


def run_batched(
    client: Client,
    command: OperationSpec,
    arguments: Mapping[str, Any],
    ids: list[str],
    progress: Progress,
    concurrency: int,
    outcome: Outcome | None = None,
) -> Outcome:
    """Every id through `client.batch.<operation>`; all of them validated before the first request.

    InvalidRequest propagates (nothing was sent); chunk failures are kept in the outcome.
    """
    outcome = outcome if outcome is not None else Outcome()
    outcome.variant = command.variant
    validate(client, command, arguments, ids)
    method = getattr(client.batch, command.method_name)
    group_size = command.batch_size * max(1, concurrency)
    sent = 0
    progress.start(math.ceil(len(ids) / command.batch_size))
    try:
        for start in range(0, len(ids), group_size):
            group = ids[start : start + group_size]

            def report(done: int, total: int, base: int = sent) -> None:
                progress.update(base + done)

            batch = method(
                **{**arguments, command.batch_parameter: group},
                concurrency=concurrency,
                on_progress=report,
            )
            outcome.results.extend(batch.results)
            outcome.failures.extend(batch.failures)
            sent += math.ceil(len(group) / command.batch_size)
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        progress.close()
    return outcome


def finish(outcomes: list[Outcome], fmt: str, output: str | None) -> int:
    """Write every row fetched, then say what failed or is missing; the exit code.

    Rows are written even when some chunks failed or Ctrl-C cut the run short: 130 when
    interrupted, 1 when a chunk failed (each distinct error printed once, with its posts
    counted), 0 otherwise. Posts asked for that came back without data are noted on stderr.
    """
    from x_engagement._cli import exits
    from x_engagement._cli import output as out

    per_outcome = [outcome.rows() for outcome in outcomes]
    rows = [row for rows_of_one in per_outcome for row in rows_of_one]
    failed = any(o.failures or o.interrupted for o in outcomes)
    if rows or not failed:  # nothing fetched and something failed: no empty file to mislead
        out.write_rows(rows, fmt, output)
    seen: dict[tuple[str, ...], int] = {}
    for outcome in outcomes:
        for failure in outcome.failures:
            if isinstance(failure.error, Cancelled):
                continue
            key = tuple(exits.error_lines(failure.error))
            seen[key] = seen.get(key, 0) + len(failure.tweet_ids)
    for lines, posts in seen.items():
        exits.say_lines([f"{lines[0]} ({posts} post{'s' if posts != 1 else ''})", *lines[1:]])
    for outcome, rows_of_one in zip(outcomes, per_outcome, strict=True):
        with_data = {row.post_id for row in rows_of_one}
        asked = [i for r in outcome.results for i in r.requested.tweet_ids if i not in with_data]
        if asked:
            listed = ", ".join(asked[:10]) + (
                f" and {len(asked) - 10} more" if len(asked) > 10 else ""
            )
            counted = f"{len(asked)} post{'s' if len(asked) != 1 else ''}"
            exits.say(f"note: {outcome.variant}: {counted} came back without data: {listed}")
    if any(outcome.interrupted for outcome in outcomes):
        exits.say(f"interrupted: wrote the {len(rows)} rows fetched before Ctrl-C")
        return exits.INTERRUPTED
    return exits.API_ERROR if seen else exits.OK
