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
    from x_engagement._cli.sink import RowSink
    from x_engagement.client import Client
    from x_engagement.table import Row


class Cancelled(Exception):
    """Raised in a worker whose wait was cut short by Ctrl-C; its chunk is dropped."""


# A refused credential is the same for every chunk: the run stops at the first one.
STOP_STATUSES = (401, 403)


@dataclass
class Outcome:
    """What a run did: the failed chunks, the posts that came back without data, how many rows
    were written, and whether a signal or a refused credential cut it short. Results are not
    kept: each chunk's rows go to the sink as they arrive."""

    failures: list[ChunkFailure] = field(default_factory=list)
    without_data: list[str] = field(default_factory=list)
    interrupted: bool = False
    stopped: bool = False  # a 401/403: the chunks after it were not sent
    variant: str = ""
    granularity: str | None = None  # keep only rows of this bucket size (v2 adds window totals)

    def rows(self, result: Any) -> list[Row]:
        """The rows of one chunk's result; its posts without rows noted in `without_data`."""
        rows: list[Row] = result.to_rows()
        if self.granularity is not None:
            rows = [row for row in rows if row.granularity == self.granularity]
        with_data = {row.post_id for row in rows}
        self.without_data.extend(i for i in result.requested.tweet_ids if i not in with_data)
        return rows


class Waits:
    """The client's `sleep`: shows each wait on the progress line and ends it early on Ctrl-C.

    A response hook remembers, per worker thread, the last status and headers, so a wait after
    a 429 is named as a rate limit (and its reset time shown) and any other as a retry.
    """

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.cancel = threading.Event()
        self.signal: int | None = None  # SIGINT or SIGTERM, once one came
        self._last = threading.local()
        self._holding = False
        self._pending = False

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

    def interrupt(self, signum: int) -> None:
        """A signal came: wake sleeping workers; raise now, or after the write in progress."""
        self.signal = self.signal or signum
        self.cancel.set()
        if self._holding:
            self._pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        """No KeyboardInterrupt inside (a record is never cut in half); it is raised after."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt


@contextmanager
def interruptible(waits: Waits) -> Iterator[None]:
    """Ctrl-C and SIGTERM set `waits.cancel` (waking sleeping workers), then KeyboardInterrupt
    is raised (deferred while a chunk's rows are being written)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        waits.interrupt(signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def validate(
    client: Client, command: OperationSpec, arguments: Mapping[str, Any], ids: list[str]
) -> None:
    """Every chunk checked against the spec, no request sent: InvalidRequest lists each problem."""
    every = command.on_the_wire({**arguments, command.batch_parameter: ids})
    client.batch.validate(command, every)


def _refused(failures: list[ChunkFailure]) -> bool:
    from x_engagement.errors import ApiError

    return any(isinstance(f.error, ApiError) and f.error.status in STOP_STATUSES for f in failures)


def run_batched(
    client: Client,
    command: OperationSpec,
    arguments: Mapping[str, Any],
    ids: list[str],
    waits: Waits,
    concurrency: int,
    sink: RowSink,
    outcome: Outcome | None = None,
) -> Outcome:
    """Every id through `client.batch.<operation>`, each group's rows written to `sink` as it
    arrives; all of them validated before the first request.

    The first chunk goes alone, so refused credentials (401/403) cost one request: the run
    stops at the first refusal. InvalidRequest propagates (nothing was sent); chunk failures
    are kept in the outcome.
    """
    outcome = outcome if outcome is not None else Outcome()
    outcome.variant = command.variant
    validate(client, command, arguments, ids)
    method = getattr(client.batch, command.method_name)
    size = command.batch_size
    group_size = size * max(1, concurrency)
    bounds = [(0, min(size, len(ids)))]
    bounds += [(at, at + group_size) for at in range(bounds[0][1], len(ids), group_size)]
    sent = 0
    progress = waits.progress
    progress.start(math.ceil(len(ids) / size))
    try:
        for first, last in bounds:
            group = ids[first:last]

            def report(done: int, total: int, base: int = sent) -> None:
                progress.update(base + done)

            batch = method(
                **{**arguments, command.batch_parameter: group},
                concurrency=concurrency,
                on_progress=report,
            )
            for result in batch.results:
                rows = outcome.rows(result)
                with waits.held():
                    sink.write(rows)
            outcome.failures.extend(batch.failures)
            sent += math.ceil(len(group) / size)
            if _refused(batch.failures):
                outcome.stopped = True
                break
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        progress.close()
    return outcome


def finish(outcomes: list[Outcome], sink: RowSink, waits: Waits) -> int:
    """Close the output, then say what failed or is missing; the exit code.

    Rows were written as they came, even when some chunks failed or a signal cut the run short:
    130 after Ctrl-C, 143 after SIGTERM, 1 when a chunk failed (each distinct error printed
    once, with its posts counted), 0 otherwise. Posts asked for that came back without data
    are noted on stderr.
    """
    from x_engagement._cli import exits

    failed = any(o.failures or o.interrupted for o in outcomes)
    sink.close(keep=not failed)  # nothing fetched and something failed: no empty file
    seen: dict[tuple[str, ...], int] = {}
    for outcome in outcomes:
        for failure in outcome.failures:
            if isinstance(failure.error, Cancelled):
                continue
            key = tuple(exits.error_lines(failure.error))
            seen[key] = seen.get(key, 0) + len(failure.tweet_ids)
    for lines, posts in seen.items():
        exits.say_lines([f"{lines[0]} ({posts} post{'s' if posts != 1 else ''})", *lines[1:]])
    for outcome in outcomes:
        if outcome.stopped:
            exits.say(f"stopped: {outcome.variant} refused the credentials; nothing more was sent")
        asked = outcome.without_data
        if asked:
            listed = ", ".join(asked[:10]) + (
                f" and {len(asked) - 10} more" if len(asked) > 10 else ""
            )
            counted = f"{len(asked)} post{'s' if len(asked) != 1 else ''}"
            exits.say(f"note: {outcome.variant}: {counted} came back without data: {listed}")
    if any(outcome.interrupted for outcome in outcomes):
        terminated = waits.signal == signal.SIGTERM
        name = "SIGTERM" if terminated else "Ctrl-C"
        rows = f"{sink.written} whole row{'s' if sink.written != 1 else ''}"
        exits.say(f"interrupted: wrote the {rows} fetched before {name} to {sink.where}")
        return exits.TERMINATED if terminated else exits.INTERRUPTED
    return exits.API_ERROR if seen else exits.OK
