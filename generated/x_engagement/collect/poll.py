"""The poll: every chunk of post ids once per cycle, each chunk's rows and progress in one commit.

A cycle is a slice of the server's time (`every`, one hour by default) that starts on a multiple of
it: a run polls every chunk not yet polled in the current cycle, so a run that crashed is continued
by the next one, and several collectors on one PostgreSQL database split the chunks between them
(`work.claim`). `--once` runs one cycle and returns (for cron and systemd timers); `every` keeps
going, one cycle per period, until SIGTERM or SIGINT, which end it after the write in progress.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from x_engagement._auth import BearerToken, OAuth1
from x_engagement._call import DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES
from x_engagement.collect import ranges, work
from x_engagement.collect.credentials import resolved
from x_engagement.collect.database import (
    connect,
    open_engine,
    prepare,
    safe_url,
    transaction,
    written,
)
from x_engagement.collect.errors import CollectorError, UnstorableRows
from x_engagement.collect.failures import ingest_storable
from x_engagement.collect.failures import record as record_failure
from x_engagement.collect.fetch import (
    BATCH_SIZE,
    RANGE_POLLED,
    Answer,
    ApiUnreachable,
    Fetcher,
    batch_size,
    chosen_variants,
    historical,
    require_credentials,
)
from x_engagement.collect.ids import checked_ids
from x_engagement.collect.ingest import IngestStats
from x_engagement.collect.lock import SqliteLock
from x_engagement.collect.pacing import (
    Interrupted,
    Stop,
    give_back,
    handling_signals,
    record_budget,
    take_budget,
)
from x_engagement.errors import AuthError, MissingCredentials, XEngagementError

log = logging.getLogger("x_engagement.collect")

__all__ = ["ApiRefused", "PollStats", "Stop", "collect"]

DEFAULT_PERIOD = timedelta(hours=1)
# While waiting for the next cycle, the server's time is read again this often (a request that
# costs no rate budget), so a jump of its clock, or a local clock running off, is seen in time.
RECHECK = timedelta(minutes=1)


class ApiRefused(CollectorError):
    """The API refused the credentials: polling on would fail for every chunk."""


@dataclass
class PollStats:
    """What a `collect` call did (this process only)."""

    cycles: int = 0
    chunks: int = 0
    failed_chunks: int = 0
    rows: int = 0
    new: int = 0
    revised: int = 0
    rate_waits: int = 0
    # chunks stored without some of their rows (the database cannot hold them: they are kept in
    # `collect_failures`), and how many rows that was
    unstorable_chunks: int = 0
    unstorable_rows: int = 0
    stopped_by: str | None = None  # "SIGTERM" or "SIGINT" when a signal ended the run
    errors: list[str] = field(default_factory=list)


def cycle_start(moment: datetime, period: timedelta) -> datetime:
    """The start of the cycle `moment` falls in: a multiple of `period` since the Unix epoch."""
    seconds = int(period.total_seconds())
    stamp = int(moment.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, UTC)


def collect(
    db_url: str,
    ids: Sequence[str],
    *,
    variant: str = "v2",
    once: bool = True,
    every: timedelta | None = None,
    bearer_token: str | BearerToken | None = None,
    oauth1: OAuth1 | None = None,
    base_url: str | None = None,
    chunk_size: int = BATCH_SIZE,
    sleep: Callable[[float], object] | None = None,
    stop: Stop | None = None,
    handle_signals: bool = True,
    recheck: timedelta = RECHECK,
    deadline: float | None = DEFAULT_DEADLINE,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    overlap: timedelta = ranges.OVERLAP,
) -> PollStats:
    """Poll the 28-hour window of `ids` into the database at `db_url` (a URL or an SQLite file
    path; a new, empty database is given the schema, an older one needs `upgrade`).

    `variant` is `v2`, `enterprise`, `analytics`, a comma list, `both` (v2 and enterprise) or
    `all`. Post analytics has no rolling window: each poll asks a post for the whole hours since
    the end of its last committed range, less `overlap` (late revisions; default 2 hours), and a
    post never polled for the last 28 hours (`ranges.py`).

    `once` (the default) runs the current cycle and returns; `once=False` polls every `every`
    (default one hour) until `stop` is set or SIGTERM/SIGINT arrives. `sleep` waits for rate-limit
    resets and the next cycle (default: a wait that a stop or a signal ends early). `deadline`
    and `max_response_bytes` bound every request, the clock probe included, as the client's
    own options do (a signal also ends a probe at once). Raises a
    `CollectorError` (one line, no secrets) for what stops the whole run: bad ids, a database
    that cannot be used, an API that refuses the credentials.
    """
    post_ids = checked_ids(ids)
    variants = chosen_variants(variant)
    period = every or DEFAULT_PERIOD
    if period < timedelta(seconds=1):
        raise CollectorError(f"the polling period must be at least one second, got {period}")
    largest = batch_size(variants)
    if not 1 <= chunk_size <= largest:
        raise CollectorError(f"chunk size must be 1 to {largest}, got {chunk_size}")
    if overlap < timedelta(0) or overlap % ranges.HOUR:
        raise CollectorError(f"the overlap must be a whole number of hours, got {overlap}")
    bearer_token, oauth1, base_url = resolved(bearer_token, oauth1, base_url)  # as from_env()
    require_credentials(variants, bearer_token, oauth1)
    stop = stop or Stop()
    wait = sleep or stop.sleep
    stats = PollStats()
    engine = open_engine(db_url)
    lock: SqliteLock | None = None
    fetcher: Fetcher | None = None
    guard = handling_signals(stop) if handle_signals else contextlib.nullcontext()
    try:
        prepare(engine)  # a new, empty database gets the schema; an older one is refused
        database = engine.url.database
        if engine.dialect.name == "sqlite" and database not in (None, "", ":memory:"):
            lock = SqliteLock(str(database))
            lock.acquire()
        plan = {v: work.chunks(v, post_ids, chunk_size) for v in variants}
        with transaction(engine) as connection:
            for planned in plan.values():
                work.register(connection, planned)
        fetcher = Fetcher(
            bearer_token=bearer_token, oauth1=oauth1, base_url=base_url, sleep=wait,
            deadline=deadline, max_response_bytes=max_response_bytes,
        )  # fmt: skip
        log.info(
            "collecting %d posts (%s) into %s, %s",
            len(post_ids),
            ", ".join(variants),
            safe_url(engine.url),
            "one cycle" if once else f"every {period}",
        )
        with guard:
            _run(engine, fetcher, plan, period, once, wait, stop, stats, recheck, overlap)
    finally:
        if fetcher is not None:
            fetcher.close()
        if lock is not None:
            lock.release()
        engine.dispose()
    stats.stopped_by = stop.signal_name if stop.is_set() else None
    return stats


def _run(
    engine: Any,
    fetcher: Fetcher,
    plan: dict[str, list[work.Chunk]],
    period: timedelta,
    once: bool,
    wait: Callable[[float], object],
    stop: Stop,
    stats: PollStats,
    recheck: timedelta,
    overlap: timedelta,
) -> None:
    first = next(iter(plan))
    while not stop.is_set():
        try:
            with stop.interruptible():
                cycle = cycle_start(fetcher.probe(first), period)
        except Interrupted:
            return
        except ApiUnreachable as exc:
            if once:
                raise
            # A long-lived collector outlives an outage: try again, at most a minute later.
            log.warning("%s (trying again)", exc)
            wait(min(period, recheck).total_seconds())
            continue
        stats.cycles += 1
        for variant, planned in plan.items():
            if stop.is_set():
                return
            _poll_cycle(engine, fetcher, variant, planned, cycle, wait, stop, stats, overlap)
        if once:
            return
        _wait_for(cycle + period, fetcher, first, wait, stop, recheck)


def _wait_for(
    target: datetime,
    fetcher: Fetcher,
    variant: str,
    wait: Callable[[float], object],
    stop: Stop,
    recheck: timedelta,
) -> None:
    log.info("next cycle at %s (server time)", target.isoformat())
    while not stop.is_set():
        left = (target - fetcher.clock.now()).total_seconds()
        if left <= 0:
            return
        wait(min(left, recheck.total_seconds()))
        if stop.is_set():
            return
        try:
            with stop.interruptible():
                fetcher.probe(variant)
        except Interrupted:
            return
        except ApiUnreachable as exc:
            log.warning("%s (will try again)", exc)


def _poll_cycle(
    engine: Any,
    fetcher: Fetcher,
    variant: str,
    planned: list[work.Chunk],
    cycle: datetime,
    wait: Callable[[float], object],
    stop: Stop,
    stats: PollStats,
    overlap: timedelta,
) -> None:
    """Poll every chunk of `planned` that nobody has polled in `cycle` yet."""
    failed: set[str] = set()
    polled = new = revised = 0
    while not stop.is_set():
        if not _take_budget(engine, fetcher, variant, wait, stop, stats, planned, cycle):
            break
        try:
            chunk, answer, result = _poll_chunk(
                engine, fetcher, variant, planned, cycle, frozenset(failed), overlap, stats
            )
            if answer is None:  # nothing asked: no new whole hour since the posts' last poll
                give_back(engine, variant, fetcher)
                continue
        except _NothingDue:
            give_back(engine, variant, fetcher)
            break
        except _Refused as refused:  # by the database: nothing of the chunk was stored
            _refused(engine, refused, stats)
            record_budget(engine, variant, refused.answer)
            failed.add(refused.chunk.key)
            continue
        except _ChunkFailed as failure:
            log.error("%s; it stays due for the next run", failure.message)
            stats.errors.append(failure.message)
            stats.failed_chunks += 1
            failed.add(failure.key)
            continue
        record_budget(engine, variant, answer)
        if result is None:  # another collector stored the chunk while this one fetched it
            continue
        polled += 1
        new += result.new
        revised += result.revised
        stats.chunks += 1
        stats.rows += result.received
        stats.new += result.new
        stats.revised += result.revised
        log.debug(
            "%s chunk %d: %d rows (%d new, %d revised) as of %s",
            variant,
            chunk.position + 1,
            result.received,
            result.new,
            result.revised,
            answer.fetched_at.isoformat(),
        )
    with connect(engine) as connection:
        left = work.pending(connection, planned, cycle)
    log.info(
        "cycle %s %s: %d chunks polled by this collector (%d new, %d revised value(s)), "
        "%d still due%s",
        cycle.isoformat(),
        variant,
        polled,
        new,
        revised,
        left,
        " (stopped)" if stop.is_set() else "",
    )


def _poll_chunk(
    engine: Any,
    fetcher: Fetcher,
    variant: str,
    planned: list[work.Chunk],
    cycle: datetime,
    skip: frozenset[str],
    overlap: timedelta,
    stats: PollStats,
) -> tuple[work.Chunk, Answer | None, IngestStats | None]:
    """Claim a due chunk, fetch it outside any transaction (SQLite's write lock is not held
    across the request), then store its rows and mark it polled in one short transaction.

    The claim lives on the one connection held for the chunk (see `work.claim`); a crash at any
    point before the last commit leaves the chunk due. Returns the chunk, the answer (None when nothing was asked) and what the ingest did (None when the chunk turned out
    polled by another collector meanwhile: nothing stored)."""
    with connect(engine) as session:
        with written(session):
            chunk = work.claim(session, planned, cycle, skip=skip)
            if chunk is None:
                raise _NothingDue
            asked = _range(session, fetcher, chunk, overlap)
            if asked is _NO_NEW_HOUR:  # range-asked, and every post is asked to this hour
                work.mark_polled(session, chunk, cycle, fetcher.clock.now())
        try:
            if asked is _NO_NEW_HOUR:
                return chunk, None, None
            answer = _fetch(fetcher, variant, chunk, asked)
            with written(session):
                if not work.still_due(session, chunk, cycle):
                    return chunk, answer, None
                try:
                    result = _store(session, chunk, answer, stats)
                except UnstorableRows as exc:
                    raise _Refused(chunk, answer, exc) from None
                if asked is not None:  # the posts' progress commits with their rows
                    ranges.advance(session, variant, chunk.post_ids, asked[1], answer.fetched_at)
                work.mark_polled(session, chunk, cycle, answer.fetched_at)
            return chunk, answer, result
        finally:
            work.release(session, chunk)


def _store(connection: Any, chunk: work.Chunk, answer: Answer, stats: PollStats) -> IngestStats:
    """Ingest the chunk's rows; rows the database cannot hold are kept in `collect_failures`
    instead, in the same transaction, and the rest is stored (one bad value costs its row only)."""
    result, rejected = ingest_storable(
        connection, answer.rows, answer.fetched_at,
        variant=chunk.variant, chunk_key=chunk.key, post_ids=chunk.post_ids,
    )  # fmt: skip
    if rejected:
        log.error(
            "%s chunk %d (%s): %d row(s) the database cannot hold, first: %s; kept in "
            "collect_failures, the other %d row(s) stored",
            chunk.variant, chunk.position + 1, ", ".join(chunk.post_ids), len(rejected),
            rejected[0][1], result.received - result.totals_skipped,
        )  # fmt: skip
        stats.unstorable_chunks += 1
        stats.unstorable_rows += len(rejected)
    return result


class _Refused(Exception):
    """The database refused a chunk's rows: its transaction rolls back, the answer is kept."""

    def __init__(self, chunk: work.Chunk, answer: Answer, refused: UnstorableRows) -> None:
        super().__init__(refused.reason)
        self.chunk, self.answer, self.refused = chunk, answer, refused


def _refused(engine: Any, failure: _Refused, stats: PollStats) -> None:
    chunk, answer, refused = failure.chunk, failure.answer, failure.refused
    where = f"{chunk.variant} chunk {chunk.position + 1} ({', '.join(chunk.post_ids)})"
    message = (
        f"{where}: the database cannot hold its rows ({refused.reason}); the answer is kept "
        "in collect_failures and the chunk stays due for the next run"
    )
    with transaction(engine) as connection:
        record_failure(
            connection, variant=chunk.variant, chunk_key=chunk.key, post_ids=chunk.post_ids,
            failed_at=answer.fetched_at, reason=refused.reason, rejected=refused.rejected,
        )  # fmt: skip
    log.error("%s", message)
    stats.errors.append(message)
    stats.failed_chunks += 1


# A range-asked chunk with no new whole hour since its last poll: marked polled, no request.
_NO_NEW_HOUR = (datetime.min.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC))


def _range(
    connection: Any, fetcher: Fetcher, chunk: work.Chunk, overlap: timedelta
) -> tuple[datetime, datetime] | None:
    """The range a range-asked variant's chunk is asked for (None for a 28-hour variant;
    `_NO_NEW_HOUR` when there is no new whole hour to ask)."""
    if chunk.variant not in RANGE_POLLED:
        return None
    polled = ranges.last_polled(connection, chunk.variant, chunk.post_ids)
    found = historical(chunk.variant)
    longest = found.longest if found is not None else None
    asked = ranges.window(
        polled, chunk.post_ids, fetcher.clock.now(), overlap=overlap, longest=longest
    )
    return _NO_NEW_HOUR if asked is None else asked


class _NothingDue(Exception):
    """Every chunk is polled in this cycle (or claimed by another collector): roll back, stop."""


class _ChunkFailed(Exception):
    """The API could not answer for one chunk: its transaction rolls back, the chunk stays due."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _fetch(
    fetcher: Fetcher, variant: str, chunk: work.Chunk, asked: tuple[datetime, datetime] | None
) -> Answer:
    try:
        if asked is not None:
            return fetcher.fetch_range(variant, chunk.post_ids, *asked)
        return fetcher.fetch(variant, chunk.post_ids)
    except (AuthError, MissingCredentials) as exc:
        raise ApiRefused(f"the {variant} API refused the request: {exc}") from None
    except (XEngagementError, ApiUnreachable) as exc:
        where = f"{variant} chunk {chunk.position + 1} ({len(chunk.post_ids)} posts)"
        raise _ChunkFailed(chunk.key, f"{where}: {exc}") from None


def _take_budget(
    engine: Any,
    fetcher: Fetcher,
    variant: str,
    wait: Callable[[float], object],
    stop: Stop,
    stats: PollStats,
    planned: list[work.Chunk],
    cycle: datetime,
) -> bool:
    def needed() -> bool:
        with connect(engine) as connection:
            return work.pending(connection, planned, cycle) > 0

    def counted() -> None:
        stats.rate_waits += 1

    return take_budget(engine, fetcher, variant, wait, stop, needed=needed, on_wait=counted)
