"""Writing a poll's windows over what is stored: compare with the stored window, write what differs.

A series whose window changed is compared in Python with its stored window (`windows.body`): a
bucket both hold was seen at the stored window's fetch time with the value it holds, so nothing
is read back. Buckets the stored window lacks (and windows stored without a body, or an older
poll arriving late) are read in one indexed range per series. Then only new buckets are
inserted and only changed values are revised and rewritten. A bucket the new window holds
unchanged is written only when no span will say it was seen (its window is not contiguous, or an
older poll arrived late). Buckets a replaced span leaves get its fetch time written first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import msgspec
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from x_engagement.collect import store_postgres, store_sqlite
from x_engagement.collect.errors import IngestError

Key = tuple[str, str, str, str]
"""A series: variant, post, metric, granularity."""

TWICE = (
    "a bucket was stored twice: the same key appears twice in one ingest, or another collector "
    "stored it at the same moment (retry the chunk)"
)


@dataclass
class Series:
    """One series' rows of this ingest (sorted by bucket start), their digest and contiguity."""

    rows: list[Any] = field(default_factory=list)
    instants: list[int] = field(default_factory=list)  # bucket starts (`instant`)
    values: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    body: bytes = b""
    digest: bytes = b""
    step: int = 0  # microseconds between buckets of the granularity
    contiguous: bool = False  # every step between first and last bucket holds one


@dataclass(frozen=True)
class Window:
    """A series' stored window: digest, fetch time and span (None: not contiguous, or stored
    before spans existed)."""

    digest: bytes
    fetched_at: datetime
    first: datetime | None
    last: datetime | None
    body: bytes | None = None


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(tuple[list[int], list[int], list[str] | str])
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
_INSTANTS: dict[datetime, int] = {}


def instants(starts: list[datetime]) -> list[int]:
    """Microseconds since the epoch: how `windows.body` keeps bucket starts (ints hash and compare
    faster than aware datetimes; a poll has few distinct buckets, so they are cached)."""
    try:
        return list(map(_INSTANTS.__getitem__, starts))
    except KeyError:
        if len(_INSTANTS) > 100_000:
            _INSTANTS.clear()
        for start in starts:
            _INSTANTS[start] = (start - _EPOCH) // MICROSECOND
        return [_INSTANTS[start] for start in starts]


def encode_window(instants: list[int], values: list[int], sources: list[str]) -> bytes:
    """A window as `windows.body` keeps it (one source metric, as most series have, once)."""
    single = len(sources) > 0 and sources.count(sources[0]) == len(sources)
    return _encoder.encode((instants, values, sources[0] if single else sources))


def decode_window(body: bytes) -> tuple[list[int], list[int], list[str] | str]:
    """A stored window: bucket starts (`instants`), values, source metrics (or the one)."""
    starts, values, sources = _decoder.decode(body)
    return starts, values, sources


def _by_start(
    starts: list[int], values: list[int], sources: list[str] | str
) -> dict[int, tuple[int, str]]:
    if isinstance(sources, str):
        return {start: (value, sources) for start, value in zip(starts, values, strict=True)}
    return dict(zip(starts, zip(values, sources, strict=True), strict=True))


@dataclass
class Counts:
    """What the comparison found, bucket by bucket (as `IngestStats` reports it)."""

    new: int = 0
    revised: int = 0
    unchanged: int = 0
    already: int = 0


class Store:
    """The driver-level statements of the connection's database (`store_sqlite`/`store_postgres`)."""

    def __init__(self, connection: Connection) -> None:
        raw = connection.connection.driver_connection
        assert raw is not None
        self.raw: Any = raw
        sqlite = connection.dialect.name == "sqlite"
        self.backend: ModuleType = store_sqlite if sqlite else store_postgres

    def insert(self, rows: list[Any], fetched_at: datetime) -> None:
        """New buckets (the database holds nothing of their keys)."""
        try:
            self.backend.insert(self.raw, rows, fetched_at)
        except Exception as exc:
            if _is_unique_violation(exc):
                raise IngestError(TWICE) from None
            raise

    def merge(
        self, changed: dict[Key, Series], stored: dict[Key, Window], fetched_at: datetime
    ) -> Counts:
        """Store the changed windows (each has a stored window) of a poll made at `fetched_at`."""
        moment = self.backend.moment
        now = moment(fetched_at)
        work = _Work(now)
        unknown: dict[Key, list[Any]] = {}
        settle: list[tuple[Any, ...]] = []
        for key, one in changed.items():
            window = stored[key]
            replaced = window.fetched_at < fetched_at
            if replaced and window.first is not None and window.last is not None:
                seen = moment(window.fetched_at)
                for first, last in _left(window.first, window.last, one):
                    settle.append((seen, *key, moment(first), moment(last)))
            if replaced and window.body is not None:
                rest = work.against_window(key, one, window, moment)
            else:
                rest = one.rows
            if rest:
                unknown[key] = rest
        if settle:
            self.backend.settle(self.raw, settle)
        if unknown:
            work.against_rows(changed, stored, unknown, self._read(unknown), fetched_at, moment)
        work.counts.new = len(work.new)
        if work.new:
            self.insert(work.new, fetched_at)
        if work.revised:
            self.backend.revise(self.raw, work.revised)
        if work.rewritten:
            self.backend.update(self.raw, work.rewritten)
        return work.counts

    def _read(self, unknown: dict[Key, list[Any]]) -> dict[Key, dict[Any, tuple[int, str, Any]]]:
        moment = self.backend.moment
        ranges = [(k, moment(rows[0].start), moment(rows[-1].start)) for k, rows in unknown.items()]
        found: dict[Key, dict[Any, tuple[int, str, Any]]] = self.backend.read(self.raw, ranges)
        return found


@dataclass
class _Work:
    """What the comparison decided: rows to insert, revisions, rows to rewrite, and the counts."""

    now: Any
    counts: Counts = field(default_factory=Counts)
    new: list[Any] = field(default_factory=list)
    revised: list[tuple[Any, ...]] = field(default_factory=list)
    rewritten: list[tuple[Any, ...]] = field(default_factory=list)

    def against_window(self, key: Key, one: Series, window: Window, moment: Any) -> list[Any]:
        """Compare with the stored window it replaces; returns the rows of buckets it lacks.

        Both contiguous (the hourly case): aligned by position, values compared as lists."""
        assert window.body is not None
        starts, values, sources = decode_window(window.body)
        seen = moment(window.fetched_at)
        offset, misaligned = divmod(one.instants[0] - starts[0], one.step) if starts else (0, 1)
        if window.first is None or not one.contiguous or misaligned:
            return self._by_key(key, one, _by_start(starts, values, sources), seen, moment)
        n = len(one.rows)
        lo, hi = max(0, -offset), max(0, min(n, len(starts) - offset))
        lo = min(lo, hi)
        old = values[lo + offset : hi + offset]
        changed = _differ(old, one.values[lo:hi])
        if isinstance(sources, str) and one.sources.count(sources) == n:
            renamed: set[int] = set()
        else:
            olds = [sources] * len(starts) if isinstance(sources, str) else sources
            renamed = _differ(olds[lo + offset : hi + offset], one.sources[lo:hi])
        now, rows = self.now, one.rows
        self.counts.revised += len(changed)
        self.counts.unchanged += (hi - lo) - len(changed)
        for i in sorted(changed | renamed):
            row = rows[lo + i]
            start = moment(row.start)
            if i in changed:
                self.revised.append((*key, start, old[i], row.value, seen, now))
            self.rewritten.append((row.value, row.source_metric, now, *key, start))
        return rows[:lo] + rows[hi:]

    def _by_key(
        self, key: Key, one: Series, known: dict[int, tuple[int, str]], seen: Any, moment: Any
    ) -> list[Any]:
        covered, now, counts = one.contiguous, self.now, self.counts
        rest: list[Any] = []
        for row, at in zip(one.rows, one.instants, strict=True):
            old = known.get(at)
            if old is None:
                rest.append(row)
            elif old[0] != row.value:
                counts.revised += 1
                start = moment(row.start)
                self.revised.append((*key, start, old[0], row.value, seen, now))
                self.rewritten.append((row.value, row.source_metric, now, *key, start))
            else:
                counts.unchanged += 1
                if not covered or old[1] != row.source_metric:
                    start = moment(row.start)
                    self.rewritten.append((row.value, row.source_metric, now, *key, start))
        return rest

    def against_rows(
        self,
        changed: dict[Key, Series],
        stored: dict[Key, Window],
        unknown: dict[Key, list[Any]],
        found: dict[Key, dict[Any, tuple[int, str, Any]]],
        fetched_at: datetime,
        moment: Any,
    ) -> None:
        """Compare with the rows read back (their own `last_seen`, or the stored span's)."""
        now, counts = self.now, self.counts
        for key, rows in unknown.items():
            window, have = stored[key], found[key]
            # This window's unchanged buckets need no write when it becomes the spanned one.
            covered = changed[key].contiguous and window.fetched_at < fetched_at
            span = _span(window, moment)
            for row in rows:
                start = moment(row.start)
                old = have.get(start)
                if old is None:
                    self.new.append(row)
                    continue
                value, source, seen = old
                if span is not None and span[2] > seen and span[0] <= start <= span[1]:
                    seen = span[2]
                if seen >= now:
                    counts.already += 1
                    continue
                if value != row.value:
                    counts.revised += 1
                    self.revised.append((*key, start, value, row.value, seen, now))
                else:
                    counts.unchanged += 1
                    if covered and source == row.source_metric:
                        continue
                self.rewritten.append((row.value, row.source_metric, now, *key, start))


def _left(first: datetime, last: datetime, one: Series) -> list[tuple[datetime, datetime]]:
    """The ranges of a replaced span [first, last] outside the new window's span (all of it
    when the new window has none). Moments have microsecond resolution in both databases, so
    `before x` is `at most x - 1 microsecond`."""
    if not one.contiguous:
        return [(first, last)]
    new_first, new_last = one.rows[0].start, one.rows[-1].start
    ranges = [
        (first, min(last, new_first - MICROSECOND)),
        (max(first, new_last + MICROSECOND), last),
    ]
    return [(a, b) for a, b in ranges if a <= b]


def _differ(old: list[Any], new: list[Any]) -> set[int]:
    """The positions where two lists of one length differ (none: one comparison in C)."""
    if old == new:
        return set()
    return {i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}


def _span(window: Window, moment: Any) -> Sequence[Any] | None:
    if window.first is None or window.last is None:
        return None
    return (moment(window.first), moment(window.last), moment(window.fetched_at))


def _is_unique_violation(exc: BaseException) -> bool:
    """By the drivers' codes: PostgreSQL's unique_violation, SQLite's SQLITE_CONSTRAINT_PRIMARYKEY
    or _UNIQUE (the bulk paths use the drivers directly, unwrapped by SQLAlchemy)."""
    if isinstance(exc, sa.exc.IntegrityError):
        return True
    if getattr(exc, "sqlstate", None) == "23505":
        return True
    code = getattr(exc, "sqlite_errorcode", None)  # extended where SQLite reports it, else 19
    unique = (sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE)
    return code in unique or code == sqlite3.SQLITE_CONSTRAINT
