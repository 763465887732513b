"""Filling the gaps of the history from the historical endpoints, where the user has them.

A lapse of polling longer than 28 hours leaves hours no 28-hour window showed (`gaps.py`). Each
variant's historical operation (for post analytics, the analytics endpoint itself) (its operation with a `time-window` rule in the spec's x-rules) can
fetch them: posts missing the same hours are asked together, at most a batch of posts and the
rule's longest range to a request. An answer's rows are ingested and, for each post that came back
with data, the range is recorded (`collect_backfills`) in the same transaction, so a crash loses
nothing committed and a second backfill asks for nothing already answered (hours the API had no
data for stay unobserved, and are not asked for again).

Requests spend the database-held rate budget of the poll (one allowance per variant): X does not
say whether its insights endpoints share a window, and sharing one can only under-use it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from x_engagement._auth import BearerToken, OAuth1
from x_engagement._window import arguments, source_metrics
from x_engagement.collect.credentials import resolved
from x_engagement.collect.database import connect, open_engine, prepare, safe_url, transaction
from x_engagement.collect.errors import CollectorError, UnstorableRows
from x_engagement.collect.failures import ingest_storable
from x_engagement.collect.failures import record as record_failure
from x_engagement.collect.fetch import (
    POLLED,
    ApiUnreachable,
    Fetcher,
    Historical,
    historical,
    require_credentials,
)
from x_engagement.collect.gaps import HOUR, Gap, gaps
from x_engagement.collect.pacing import (
    Stop,
    handling_signals,
    record_budget,
    take_budget,
)
from x_engagement.collect.schema import UtcDateTime, metadata
from x_engagement.errors import ApiError, MissingCredentials, XEngagementError

log = logging.getLogger("x_engagement.collect")

backfills = sa.Table(
    "collect_backfills",
    metadata,
    sa.Column("variant", sa.String(16), primary_key=True),
    sa.Column("post_id", sa.String(19), primary_key=True),
    sa.Column("range_start", UtcDateTime(), primary_key=True),
    sa.Column("range_end", UtcDateTime(), primary_key=True),
    sa.Column("fetched_at", UtcDateTime(), nullable=False),
    sa.Column("hours", sa.Integer(), nullable=False),
)
"""One row per (variant, post, range asked) that came back with data: `hours` of them."""

# Statuses saying the historical endpoint is not the user's to call (no access, not in the
# contract, not on this host): asking again for the next gap would be refused the same way.
REFUSALS = (401, 403, 404)
BACKFILL = "backfill"  # the chunk key of a backfill request's rows kept in `collect_failures`


class BackfillRefused(CollectorError):
    """The historical endpoint is not available to these credentials (or not in the spec)."""


@dataclass(frozen=True)
class Request:
    """One historical request: up to a batch of posts, over [start, end)."""

    variant: str
    post_ids: tuple[str, ...]
    start: datetime
    end: datetime

    @property
    def hours(self) -> int:
        return int((self.end - self.start) / HOUR)

    def __str__(self) -> str:
        span = f"{_z(self.start)} to {_z(self.end)}"
        return f"{self.variant} {len(self.post_ids)} post(s), {span} ({self.hours} h)"


@dataclass
class BackfillStats:
    """What a `backfill` call did, and what is left."""

    requests: int = 0
    rows: int = 0
    new: int = 0
    revised: int = 0
    rate_waits: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    refused: str | None = None  # why the endpoint refused (then nothing more was asked)
    stopped_by: str | None = None  # "SIGTERM" or "SIGINT"
    remaining: list[Gap] = field(default_factory=list)  # still unobserved, not answered
    no_data: list[Gap] = field(default_factory=list)  # answered without data: not asked again


def open_gaps(
    connection: Connection,
    *,
    variant: str | None = None,
    post_ids: Collection[str] | None = None,
) -> tuple[list[Gap], list[Gap]]:
    """(gaps still to ask for, gaps inside a range the API already answered for that post)."""
    b = backfills.c
    query = sa.select(b.variant, b.post_id, b.range_start, b.range_end)
    if variant is not None:
        query = query.where(b.variant == variant)
    answered: dict[tuple[str, str], list[tuple[datetime, datetime]]] = {}
    for row_variant, post_id, start, end in connection.execute(query):
        answered.setdefault((row_variant, post_id), []).append((start, end))
    pending: list[Gap] = []
    settled: list[Gap] = []
    for gap in gaps(connection, variant=variant, post_ids=post_ids):
        ranges = answered.get((gap.variant, gap.post_id), ())
        inside = any(start <= gap.start and gap.end <= end for start, end in ranges)
        (settled if inside else pending).append(gap)
    return pending, settled


def plan(pending: Iterable[Gap], operations: dict[str, Historical]) -> list[Request]:
    """Posts missing the same hours asked together: a batch of posts and the longest range the
    spec allows to a request, oldest hours first."""
    by_range: dict[tuple[str, datetime, datetime], list[str]] = {}
    for gap in pending:
        by_range.setdefault((gap.variant, gap.start, gap.end), []).append(gap.post_id)
    requests = []
    for (variant, start, end), posts in sorted(by_range.items()):
        operation = operations[variant]
        size = operation.spec.batch_size
        piece = start
        while piece < end:
            piece_end = min(end, piece + operation.longest)
            for first in range(0, len(posts), size):
                requests.append(
                    Request(variant, tuple(posts[first : first + size]), piece, piece_end)
                )
            piece = piece_end
    return requests


def backfill(
    db_url: str,
    *,
    variant: str | None = None,
    post_ids: Sequence[str] | None = None,
    bearer_token: str | BearerToken | None = None,
    oauth1: OAuth1 | None = None,
    base_url: str | None = None,
    sleep: Any = None,
    stop: Stop | None = None,
    handle_signals: bool = True,
) -> BackfillStats:
    """Fill the gaps of the database at `db_url` (of `variant` / `post_ids`) from the historical
    endpoints. Raises `BackfillRefused` when the spec has no historical operation for a variant
    with gaps; a refusal by the API (401/403/404) ends the run with `stats.refused` set and the
    gaps still open in `stats.remaining`. Other failed requests are skipped (`stats.errors`)."""
    if variant is not None and variant not in POLLED:
        raise CollectorError(f"variant must be one of {', '.join(POLLED)}, got {variant!r}")
    bearer_token, oauth1, base_url = resolved(bearer_token, oauth1, base_url)  # as from_env()
    stop = stop or Stop()
    wait = sleep or stop.sleep
    stats = BackfillStats()
    engine = open_engine(db_url)
    fetcher: Fetcher | None = None
    try:
        prepare(engine)  # a new, empty database gets the schema; an older one is refused
        with connect(engine) as connection:
            pending, _settled = open_gaps(connection, variant=variant, post_ids=post_ids)
        if pending:
            operations = _operations({gap.variant for gap in pending})
            require_credentials(operations, bearer_token, oauth1)
            requests = plan(pending, operations)
            log.info(
                "backfilling %d gap(s), %d hour(s) of %d post(s) in %d request(s) into %s",
                len(pending),
                sum(gap.hours for gap in pending),
                len({(gap.variant, gap.post_id) for gap in pending}),
                len(requests),
                safe_url(engine.url),
            )
            fetcher = Fetcher(
                bearer_token=bearer_token, oauth1=oauth1, base_url=base_url, sleep=wait
            )
            guard = handling_signals(stop) if handle_signals else contextlib.nullcontext()
            with guard:
                _run(engine, fetcher, operations, requests, wait, stop, stats)
        with connect(engine) as connection:
            stats.remaining, stats.no_data = open_gaps(
                connection, variant=variant, post_ids=post_ids
            )
    finally:
        if fetcher is not None:
            fetcher.close()
        engine.dispose()
    stats.stopped_by = stop.signal_name if stop.is_set() else None
    return stats


def _operations(variants: Iterable[str]) -> dict[str, Historical]:
    operations = {}
    for variant in sorted(variants):
        found = historical(variant)
        if found is None:
            raise BackfillRefused(
                f"the spec has no historical operation for {variant}: its gaps cannot be filled"
            )
        operations[variant] = found
    return operations


def _run(
    engine: Any,
    fetcher: Fetcher,
    operations: dict[str, Historical],
    requests: list[Request],
    wait: Any,
    stop: Stop,
    stats: BackfillStats,
) -> None:
    for variant in operations:
        fetcher.probe(variant)  # the server's time, before the first budget is taken

    def counted() -> None:
        stats.rate_waits += 1

    for request in requests:
        if stop.is_set():
            return
        if not take_budget(engine, fetcher, request.variant, wait, stop, on_wait=counted):
            return
        operation = operations[request.variant]
        try:
            answer = fetcher.call(operation.spec, _arguments(operation, request))
        except (ApiError, MissingCredentials) as exc:
            refused = isinstance(exc, MissingCredentials) or exc.status in REFUSALS
            message = f"{operation.spec.command} for {request}: {exc}"
            if refused:  # the caller says it, with the gaps left (one line, not two)
                stats.refused = f"the {request.variant} historical endpoint refused: {exc}"
                return
            _failed(stats, message)
            continue
        except (XEngagementError, ApiUnreachable) as exc:
            _failed(stats, f"{operation.spec.command} for {request}: {exc}")
            continue
        kept: dict[str, Any] = {
            "variant": request.variant,
            "chunk_key": BACKFILL,
            "post_ids": request.post_ids,
        }
        try:
            with transaction(engine) as connection:
                result, rejected = ingest_storable(
                    connection, answer.rows, answer.fetched_at, **kept
                )
                answered = _record(connection, request, answer.rows, answer.fetched_at)
        except UnstorableRows as refused:  # by the database: nothing of the answer was stored
            with transaction(engine) as connection:
                record_failure(
                    connection, failed_at=answer.fetched_at, reason=refused.reason,
                    rejected=refused.rejected, **kept,
                )  # fmt: skip
            record_budget(engine, request.variant, answer)
            _failed(stats, f"{request}: {refused.reason}; the answer is kept in collect_failures")
            continue
        if rejected:
            message = (
                f"{request}: {len(rejected)} row(s) the database cannot hold, first: "
                f"{rejected[0][1]}; kept in collect_failures, the rest stored"
            )
            log.error("%s", message)
            stats.errors.append(message)
            stats.failed += 1
        record_budget(engine, request.variant, answer)
        stats.requests += 1
        stats.rows += result.received
        stats.new += result.new
        stats.revised += result.revised
        log.info(
            "backfilled %s: %d row(s), %d new, %d revised", request, result.received,
            result.new, result.revised,
        )  # fmt: skip
        if answered < len(request.post_ids):
            said = "; ".join(answer.messages) or "no reason given"
            log.warning(
                "%s: no data for %d of %d post(s) (%s); they stay in the gaps",
                request,
                len(request.post_ids) - answered,
                len(request.post_ids),
                said,
            )


def _failed(stats: BackfillStats, message: str) -> None:
    log.error("%s; those hours stay in the gaps", message)
    stats.errors.append(message)
    stats.failed += 1


def _arguments(operation: Historical, request: Request) -> dict[str, Any]:
    spec = operation.spec
    metrics = list(source_metrics(request.variant, spec).values())
    found = arguments(request.variant, metrics, "hour", spec)
    found[spec.batch_parameter] = list(request.post_ids)
    found[operation.start] = request.start
    found[operation.end] = request.end
    return found


def _record(
    connection: Connection, request: Request, rows: Sequence[Any], fetched_at: datetime
) -> int:
    """Record the range as answered for each post with hourly data in it; returns how many."""
    hours: dict[str, set[datetime]] = {}
    for row in rows:
        if row.granularity == "hour" and row.start is not None:
            if request.start <= row.start < request.end:
                hours.setdefault(row.post_id, set()).add(row.start)
    values = [
        {
            "variant": request.variant,
            "post_id": post_id,
            "range_start": request.start,
            "range_end": request.end,
            "fetched_at": fetched_at,
            "hours": len(hours[post_id]),
        }
        for post_id in request.post_ids
        if hours.get(post_id)
    ]
    if values:
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        statement = insert(backfills)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["variant", "post_id", "range_start", "range_end"],
                set_={
                    "fetched_at": statement.excluded.fetched_at,
                    "hours": statement.excluded.hours,
                },
            ),
            values,
        )
    return len(values)


def _z(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


__all__ = [
    "BackfillRefused",
    "BackfillStats",
    "Request",
    "backfill",
    "backfills",
    "open_gaps",
    "plan",
]
