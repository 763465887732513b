"""Writing a poll's windows over what is stored: read each changed series once, write what differs.

A series whose window changed reads its stored buckets in the window's range (one indexed range
read per series) and compares them in Python, so only new buckets are inserted and only changed
values are revised and rewritten. A bucket the new window holds unchanged is written only when no
span will say it was seen (its window is not contiguous, or an older poll arrived late). Buckets a
replaced span leaves get that span's fetch time written into their own `last_seen` first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType
from typing import Any

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
    digest: bytes = b""
    contiguous: bool = False


@dataclass(frozen=True)
class Window:
    """A series' stored window: digest, fetch time and span (None: not contiguous, or stored
    before spans existed)."""

    digest: bytes
    fetched_at: datetime
    first: datetime | None
    last: datetime | None


@dataclass
class Counts:
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
        moment, backend = self.backend.moment, self.backend
        now = moment(fetched_at)
        settle: list[tuple[Any, ...]] = []
        ranges: list[tuple[Key, Any, Any]] = []
        for key, one in changed.items():
            first, last = one.rows[0].start, one.rows[-1].start
            ranges.append((key, moment(first), moment(last)))
            window = stored[key]
            if (
                window.first is not None
                and window.last is not None
                and window.fetched_at < fetched_at
            ):
                keep = (moment(first), moment(last)) if one.contiguous else (None, None)
                span = (moment(window.first), moment(window.last))
                settle.append((moment(window.fetched_at), *key, *span, *keep))
        if settle:
            backend.settle(self.raw, settle)
        found = backend.read(self.raw, ranges)
        counts = Counts()
        new: list[Any] = []
        revised: list[tuple[Any, ...]] = []
        rewritten: list[tuple[Any, ...]] = []
        for key, one in changed.items():
            window = stored[key]
            spanned = window.first is not None and window.last is not None
            span_first = moment(window.first) if spanned else None
            span_last = moment(window.last) if spanned else None
            span_seen = moment(window.fetched_at)
            # Its rows' unchanged buckets need no write when this window becomes the spanned one.
            covered = one.contiguous and window.fetched_at < fetched_at
            have = found[key]
            for row in one.rows:
                start = moment(row.start)
                old = have.get(start)
                if old is None:
                    new.append(row)
                    continue
                value, source, seen = old
                if spanned and span_seen > seen and span_first <= start <= span_last:
                    seen = span_seen
                if seen >= now:
                    counts.already += 1
                    continue
                if value != row.value:
                    counts.revised += 1
                    revised.append((*key, start, value, row.value, seen, now))
                else:
                    counts.unchanged += 1
                    if covered and source == row.source_metric:
                        continue
                rewritten.append((row.value, row.source_metric, now, *key, start))
        counts.new = len(new)
        if new:
            self.insert(new, fetched_at)
        if revised:
            backend.revise(self.raw, revised)
        if rewritten:
            backend.update(self.raw, rewritten)
        return counts


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
