"""The ingest's bulk reads and writes on PostgreSQL, through the driver (psycopg 3) itself.

Rows go in by binary `COPY`; statements over many series take them as arrays (`unnest`, binary
parameters: `%b`), one statement each instead of one round trip per series. Moments are
timezone-aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from x_engagement.collect.schema import observation_rows, revisions, windows

Key = tuple[str, str, str, str]
Stored = dict[Any, tuple[int, str, Any]]

_ROWS = observation_rows.name
_TEXT4 = ["text", "text", "text", "text"]
_INSERT = (
    f"COPY {_ROWS} (variant, post_id, metric, granularity, bucket_start, source_metric, value,"
    " first_seen, last_seen) FROM STDIN (FORMAT BINARY)"
)
_INSERT_TYPES = [*_TEXT4, "timestamptz", "text", "int8", "timestamptz", "timestamptz"]
_READ = f"""
SELECT o.variant, o.post_id, o.metric, o.granularity, o.bucket_start, o.value, o.source_metric,
       o.last_seen
FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[], %b::timestamptz[], %b::timestamptz[])
     AS s(variant, post_id, metric, granularity, first, last)
JOIN {_ROWS} AS o ON o.variant = s.variant AND o.post_id = s.post_id AND o.metric = s.metric
 AND o.granularity = s.granularity AND o.bucket_start >= s.first AND o.bucket_start <= s.last
"""
_REVISE = (
    f"COPY {revisions.name} (variant, post_id, metric, granularity, bucket_start, old_value,"
    " new_value, old_fetched_at, new_fetched_at) FROM STDIN (FORMAT BINARY)"
)
_REVISE_TYPES = [*_TEXT4, "timestamptz", "int8", "int8", "timestamptz", "timestamptz"]
_CHANGES = "x_engagement_changes"
_CHANGES_TABLE = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {_CHANGES} (
    value int8, source_metric text, last_seen timestamptz, variant text, post_id text,
    metric text, granularity text, bucket_start timestamptz
)"""
_CHANGES_TYPES = ["int8", "text", "timestamptz", *_TEXT4, "timestamptz"]
_UPDATE = f"""
UPDATE {_ROWS} AS o SET value = c.value, source_metric = c.source_metric, last_seen = c.last_seen
FROM {_CHANGES} AS c
WHERE o.variant = c.variant AND o.post_id = c.post_id AND o.metric = c.metric
  AND o.granularity = c.granularity AND o.bucket_start = c.bucket_start
"""
_SETTLE = f"""
UPDATE {_ROWS} AS o SET last_seen = s.seen
FROM unnest(%b::timestamptz[], %b::text[], %b::text[], %b::text[], %b::text[], %b::timestamptz[],
            %b::timestamptz[]) AS s(seen, variant, post_id, metric, granularity, first, last)
WHERE o.variant = s.variant AND o.post_id = s.post_id AND o.metric = s.metric
  AND o.granularity = s.granularity AND o.bucket_start >= s.first AND o.bucket_start <= s.last
  AND o.last_seen < s.seen
"""


_WINDOWS = f"""
SELECT w.variant, w.post_id, w.metric, w.granularity, w.digest, w.fetched_at, w.first_bucket,
       w.last_bucket, w.body
FROM unnest(%b::text[], %b::text[]) AS p(variant, post_id)
JOIN {windows.name} AS w ON w.variant = p.variant AND w.post_id = p.post_id
"""
_SAVE_WINDOWS = f"""
INSERT INTO {windows.name} (variant, post_id, metric, granularity, digest, fetched_at,
                     first_bucket, last_bucket, body)
SELECT * FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[], %b::bytea[],
                     %b::timestamptz[], %b::timestamptz[], %b::timestamptz[], %b::bytea[])
ON CONFLICT (variant, post_id, metric, granularity) DO UPDATE SET
  digest = excluded.digest, fetched_at = excluded.fetched_at, first_bucket = excluded.first_bucket,
  last_bucket = excluded.last_bucket, body = excluded.body
WHERE {windows.name}.fetched_at < excluded.fetched_at
"""


def load_windows(raw: Any, posts: Iterable[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """The stored windows of these (variant, post) pairs: (key, digest, fetched_at, first,
    last, body), in one statement."""
    columns = [list(column) for column in zip(*posts, strict=True)] or [[], []]
    with raw.cursor(binary=True) as cursor:
        cursor.execute(_WINDOWS, columns)
        return [((v, p, m, g), *window) for v, p, m, g, *window in cursor.fetchall()]


def save_windows(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Upsert windows (key, digest, fetched_at, first, last, body), unless a newer one is stored;
    one statement."""
    flat = [(*key, *rest) for key, *rest in items]
    columns = [list(column) for column in zip(*flat, strict=True)]
    with raw.cursor() as cursor:
        cursor.execute(_SAVE_WINDOWS, columns)


def moment(value: datetime) -> datetime:
    return value


def insert(raw: Any, rows: Iterable[Any], fetched_at: datetime) -> None:
    """New buckets, first and last seen now."""
    with raw.cursor() as cursor, cursor.copy(_INSERT) as copy:
        copy.set_types(_INSERT_TYPES)
        write = copy.write_row
        for r in rows:
            write(
                (
                    r.variant,
                    r.post_id,
                    r.metric,
                    r.granularity,
                    r.start,
                    r.source_metric,
                    r.value,
                    fetched_at,
                    fetched_at,
                )
            )


def read(raw: Any, ranges: Sequence[tuple[Key, datetime, datetime]]) -> dict[Key, Stored]:
    """The stored buckets of each series from its first to its last bucket, in one statement."""
    found: dict[Key, Stored] = {key: {} for key, _, _ in ranges}
    columns = [list(column) for column in zip(*((*key, a, b) for key, a, b in ranges), strict=True)]
    with raw.cursor(binary=True) as cursor:
        cursor.execute(_READ, columns)
        for variant, post_id, metric, granularity, start, value, source, seen in cursor:
            found[variant, post_id, metric, granularity][start] = (value, source, seen)
    return found


def revise(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Revisions: (key, bucket start, old value, new value, old last seen, new fetch time)."""
    with raw.cursor() as cursor, cursor.copy(_REVISE) as copy:
        copy.set_types(_REVISE_TYPES)
        for item in items:
            copy.write_row(item)


def update(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Rows written again: (value, source metric, last seen, key, bucket start)."""
    with raw.cursor() as cursor:
        cursor.execute(_CHANGES_TABLE)
        cursor.execute(f"TRUNCATE {_CHANGES}")
        with cursor.copy(f"COPY {_CHANGES} FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(_CHANGES_TYPES)
            for item in items:
                copy.write_row(item)
        cursor.execute(f"ANALYZE {_CHANGES}")
        cursor.execute(_UPDATE)


def settle(raw: Any, items: list[tuple[Any, ...]]) -> None:
    """Write a replaced span's fetch time into the rows of its buckets in a range the new span
    leaves: (seen, key, first, last); one statement for them all."""
    columns = [list(column) for column in zip(*items, strict=True)]
    with raw.cursor() as cursor:
        cursor.execute(_SETTLE, columns)
