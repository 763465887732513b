"""Storing one poll's rows: new buckets inserted, changed values revised, the rest left alone.

Rows are grouped by series (variant, post, metric, granularity) and each series' window gets a
digest of its buckets and values. The `windows` table keeps, per series, the digest of the newest
window, its fetch time and its span (first and last bucket, when contiguous): every bucket in the
span was seen at that time, so no row is written only to say it was seen again. A window that
matches its stored digest is skipped (same or older poll) or moves its `windows` row alone (newer
poll). A new series is bulk-inserted. A changed window is compared with the stored one (`merge`),
and only the buckets that are new or changed are written.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from x_engagement.collect import merge
from x_engagement.collect import values as storable
from x_engagement.collect.database import translated_errors
from x_engagement.collect.errors import IngestError, UnstorableRows
from x_engagement.collect.merge import Key, Series, Window
from x_engagement.table import BUCKET

SERIES = ("variant", "post_id", "metric", "granularity")
STEP = BUCKET  # hour, day, week: how far apart the buckets of a contiguous window are


class RowLike(Protocol):
    """What ingest reads of a row: the fields of `x_engagement.table.Row` (any object with them)."""

    @property
    def post_id(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def source_metric(self) -> str: ...
    @property
    def variant(self) -> str: ...
    @property
    def start(self) -> datetime | None: ...
    @property
    def granularity(self) -> str: ...
    @property
    def value(self) -> int: ...


@dataclass(frozen=True)
class IngestStats:
    """What one ingest did; `received` = `new + revised + unchanged + already_stored + totals_skipped`.

    `new` buckets were inserted; `revised` ones changed value (one revision each); `unchanged` ones
    kept their value (only `last_seen` moved); `already_stored` ones were skipped because the
    database holds them from this poll or a newer one (the same poll ingested again); totals (rows
    without a bucket start) are not stored.
    """

    received: int
    new: int
    revised: int
    unchanged: int
    already_stored: int
    totals_skipped: int


def ingest(connection: Connection, rows: Iterable[RowLike], fetched_at: datetime) -> IngestStats:
    """Store the rows of one poll made at `fetched_at` (timezone-aware), in the caller's transaction.

    Idempotent: a poll ingested again changes nothing. Never commits: the caller commits (with its
    own progress records in the same transaction) or rolls back, so a crash loses only what was
    not committed. Rows of one ingest must have distinct keys (variant, post, metric, bucket);
    they are held in memory for the call, so call it once per chunk of a poll (one request's rows).

    Rows the database cannot hold (`values`: beyond 64-bit integers, names longer than their
    column) raise `UnstorableRows` naming each one, before any statement; a refusal of the
    database itself raises it too (`by_database=True`: roll the transaction back).
    """
    if fetched_at.tzinfo is None:
        raise ValueError("fetched_at must be timezone-aware (UTC)")
    fetched_at = fetched_at.astimezone(UTC)
    series, received, totals = _group(rows)
    with translated_errors(connection.engine.url), _refusals(series):
        store = merge.Store(connection)
        stored = _stored_windows(store, series)
        fresh: list[RowLike] = []
        changed: dict[Key, Series] = {}
        skipped = unchanged = 0
        for key, one in series.items():
            window = stored.get(key)
            if window is None:
                fresh.extend(one.rows)
            elif window.digest != one.digest or not (
                one.contiguous or window.fetched_at >= fetched_at
            ):
                changed[key] = one
            elif window.fetched_at >= fetched_at:
                skipped += len(one.rows)
            else:  # the same buckets and values seen again: the span's fetch time moves on
                unchanged += len(one.rows)
        if fresh:
            store.insert(fresh, fetched_at)
        counts = store.merge(changed, stored, fetched_at) if changed else merge.Counts()
        _save_windows(store, series, stored, fetched_at)
    return IngestStats(
        received=received,
        new=len(fresh) + counts.new,
        revised=counts.revised,
        unchanged=unchanged + counts.unchanged,
        already_stored=skipped + counts.already,
        totals_skipped=totals,
    )


def _group(rows: Iterable[RowLike]) -> tuple[dict[Key, Series], int, int]:
    """Rows by series, each series with the digest of its window; also counts received and totals.

    Totals (granularity "total", no bucket start) are counted and left out.
    """
    series: dict[Key, Series] = {}
    for key, group in itertools.groupby(rows, _series_key):
        found = series.get(key)
        if found is None:
            found = series[key] = Series()
        found.rows.extend(group)
    received = sum(len(one.rows) for one in series.values())
    totals = 0
    unstorable: list[tuple[Any, str]] = []
    for key in list(series):
        one = series[key]
        step = STEP.get(key[3])
        if step is None:
            if any(row.start is not None for row in one.rows):
                raise IngestError(
                    f"rows of granularity {key[3]!r} cannot be stored ({', '.join(STEP)})"
                )
            totals += len(one.rows)
            del series[key]
            continue
        if any(row.start is None for row in one.rows):
            raise IngestError(f"a row of granularity {key[3]!r} has no bucket start")
        one.rows.sort(key=_start)
        rows = one.rows  # flat lists: no per-row objects for the garbage collector to chase
        one.values, one.sources = [r.value for r in rows], [r.source_metric for r in rows]
        if not storable.series_ok(key, one.values, one.sources):
            unstorable.extend(storable.rejected(rows))
            continue
        one.instants = instants = merge.instants([r.start for r in rows])
        one.body = merge.encode_window(instants, one.values, one.sources)
        one.digest = hashlib.blake2b(one.body, digest_size=16).digest()
        one.step = step // merge.MICROSECOND
        one.contiguous = all(map(one.step.__eq__, map(operator.sub, instants[1:], instants[:-1])))
        if not one.contiguous and len(set(instants)) < len(instants):
            raise IngestError(merge.TWICE)
    if unstorable:  # before any statement: the caller's transaction is untouched
        raise UnstorableRows(unstorable)
    return series, received, totals


@contextmanager
def _refusals(series: dict[Key, Series]) -> Iterator[None]:
    """The last line of defence behind `storable`: a value the database or its driver refuses
    (by class: a psycopg `DataError`, SQLAlchemy's `DataError`, an `OverflowError` or a
    `UnicodeEncodeError` while binding) fails the ingest with `UnstorableRows(by_database=True)`
    holding every row, never a raw driver error."""
    try:
        yield
    except Exception as exc:
        refused = _refusal(exc)
        if refused is None:
            raise
        rows = [(row, refused) for one in series.values() for row in one.rows]
        raise UnstorableRows(rows, by_database=True) from None


def _refusal(exc: BaseException) -> str | None:
    original = exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc
    psycopg = sys.modules.get("psycopg")
    kinds: tuple[type[BaseException], ...] = (OverflowError, UnicodeEncodeError, sqlite3.DataError)
    if psycopg is not None:
        kinds += (psycopg.DataError,)
    if not (isinstance(exc, sa.exc.DataError) or isinstance(original, kinds)):
        return None
    lines = str(original).strip().splitlines() or ["no detail"]
    detail = lines[0].encode("ascii", "backslashreplace").decode()[:200]
    return f"{type(original).__name__}: {detail}"


_series_key = operator.attrgetter(*SERIES)
_start = operator.attrgetter("start")


def _stored_windows(store: merge.Store, series: dict[Key, Series]) -> dict[Key, Window]:
    """The stored window of each series of this ingest that has one."""
    posts = sorted({(variant, post_id) for variant, post_id, _metric, _granularity in series})
    stored: dict[Key, Window] = {}
    for key, digest, fetched, first, last, body in store.backend.load_windows(store.raw, posts):
        if key in series:
            stored[key] = Window(bytes(digest), fetched, first, last, _bytes(body))
    return stored


def _bytes(body: Any) -> bytes | None:
    return None if body is None else bytes(body)


def _save_windows(
    store: merge.Store,
    series: dict[Key, Series],
    stored: dict[Key, Window],
    fetched_at: datetime,
) -> None:
    """Remember each series' window (digest, span, body), unless the database holds a newer poll
    of it."""
    changed = [
        (
            key,
            one.digest,
            fetched_at,
            one.rows[0].start if one.contiguous else None,
            one.rows[-1].start if one.contiguous else None,
            one.body,
        )
        for key, one in series.items()
        if key not in stored or stored[key].fetched_at < fetched_at
    ]
    if changed:
        store.backend.save_windows(store.raw, changed)
