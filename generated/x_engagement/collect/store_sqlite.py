"""The ingest's bulk reads and writes on SQLite, through the driver (`sqlite3`) itself.

SQLAlchemy's per-row processing would cost more than the statements: a poll is up to a million
rows. Moments are SQLite's text (`schema.sqlite_text`), whose order is time order, so the
ingest compares them as they are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from x_engagement.collect.schema import (
    from_sqlite_text,
    observation_rows,
    revisions,
    sqlite_text,
    windows,
)

Key = tuple[str, str, str, str]
Stored = dict[Any, tuple[int, str, Any]]
"""One series' stored buckets in a range: bucket start -> (value, source metric, own last_seen)."""

_ROWS = f"main.{observation_rows.name}"
_KEY = "variant = ? AND post_id = ? AND metric = ? AND granularity = ?"
_INSERT = (
    f"INSERT INTO {_ROWS} (variant, post_id, metric, granularity, bucket_start, source_metric,"
    " value, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)"
)
_READ = (
    f"SELECT bucket_start, value, source_metric, last_seen FROM {_ROWS}"
    f" WHERE {_KEY} AND bucket_start >= ? AND bucket_start <= ?"
)
_REVISE = (
    f"INSERT INTO main.{revisions.name} (variant, post_id, metric, granularity, bucket_start,"
    " old_value, new_value, old_fetched_at, new_fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    f"UPDATE {_ROWS} SET value = ?, source_metric = ?, last_seen = ?"
    f" WHERE {_KEY} AND bucket_start = ?"
)
_SETTLE = (
    f"UPDATE {_ROWS} SET last_seen = ?1"
    " WHERE variant = ?2 AND post_id = ?3 AND metric = ?4 AND granularity = ?5"
    " AND bucket_start >= ?6 AND bucket_start <= ?7 AND last_seen < ?1"
)


_WINDOWS = (
    "SELECT metric, granularity, digest, fetched_at, first_bucket, last_bucket, body"
    f" FROM main.{windows.name} WHERE variant = ? AND post_id = ?"
)
_SAVE_WINDOW = f"""
INSERT INTO main.{windows.name} (variant, post_id, metric, granularity, digest, fetched_at,
                                  first_bucket, last_bucket, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (variant, post_id, metric, granularity) DO UPDATE SET
  digest = excluded.digest, fetched_at = excluded.fetched_at, first_bucket = excluded.first_bucket,
  last_bucket = excluded.last_bucket, body = excluded.body
WHERE {windows.name}.fetched_at < excluded.fetched_at
"""


def load_windows(raw: Any, posts: Iterable[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """The stored windows of these (variant, post) pairs: (key, digest, fetched_at, first,
    last, body) with datetimes."""
    cursor = raw.cursor()
    found: list[tuple[Any, ...]] = []
    for variant, post_id in posts:
        for metric, granularity, digest, fetched, first, last, body in cursor.execute(
            _WINDOWS, (variant, post_id)
        ):
            found.append(
                (
                    (variant, post_id, metric, granularity),
                    digest,
                    from_sqlite_text(fetched),
                    None if first is None else from_sqlite_text(first),
                    None if last is None else from_sqlite_text(last),
                    body,
                )
            )
    return found


def save_windows(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Upsert windows (key, digest, fetched_at, first, last, body), unless a newer one is stored."""
    raw.executemany(
        _SAVE_WINDOW,
        (
            (*key, digest, moment(fetched), _maybe(first), _maybe(last), body)
            for key, digest, fetched, first, last, body in items
        ),
    )


def _maybe(value: datetime | None) -> str | None:
    return None if value is None else moment(value)


def moment(value: datetime, cache: dict[datetime, str] = {}) -> str:  # noqa: B006 - a cache
    """A moment as SQLite stores it (cached: a poll has few distinct buckets)."""
    text = cache.get(value)
    if text is None:
        if len(cache) > 100_000:
            cache.clear()
        text = cache[value] = sqlite_text(value)
    return text


def insert(raw: Any, rows: Iterable[Any], fetched_at: datetime) -> None:
    """New buckets, first and last seen now."""
    seen = sqlite_text(fetched_at)
    raw.executemany(
        _INSERT,
        (
            (
                r.variant,
                r.post_id,
                r.metric,
                r.granularity,
                moment(r.start),
                r.source_metric,
                r.value,
                seen,
            )
            for r in rows
        ),
    )


def read(raw: Any, ranges: Sequence[tuple[Key, str, str]]) -> dict[Key, Stored]:
    """The stored buckets of each series from its first to its last bucket (one indexed range
    read per series: the primary key starts with the series)."""
    cursor = raw.cursor()
    found: dict[Key, Stored] = {}
    for key, first, last in ranges:
        found[key] = {row[0]: row[1:] for row in cursor.execute(_READ, (*key, first, last))}
    return found


def revise(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Revisions: (key, bucket start, old value, new value, old last seen, new fetch time)."""
    raw.executemany(_REVISE, items)


def update(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Rows written again: (value, source metric, last seen, key, bucket start)."""
    raw.executemany(_UPDATE, items)


def settle(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Write a replaced span's fetch time into the rows of its buckets in a range the new span
    leaves: (seen, key, first, last)."""
    raw.executemany(_SETTLE, items)
