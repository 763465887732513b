"""Storing one poll's rows: new buckets inserted, changed values revised, the rest only touched.

The rows go first into a temporary staging table, each with the value and last-seen time the
database already holds for its key (SQLite: one `executemany` that looks up as it inserts;
PostgreSQL: `COPY` in binary, then one join). Set-based statements then write revisions for changed
values and upsert the observations with `INSERT ... ON CONFLICT DO UPDATE` (SQLAlchemy's dialect
inserts), skipping every row that the database has already seen from this poll or a newer one.
So the same poll ingested twice writes nothing the second time, and an unchanged window costs
the staging pass and no writes to the main tables beyond `last_seen`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from x_engagement.collect.database import translated_errors
from x_engagement.collect.errors import IngestError
from x_engagement.collect.schema import KEY, UtcDateTime, observations, revisions, sqlite_text


class RowLike(Protocol):
    """What ingest reads of a row: the fields of `x_engagement.table.Row`."""

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
    """What one ingest did. `received` = `new + revised + unchanged + older + totals_skipped`.

    `unchanged` buckets had the same value (only `last_seen` moved); `older` ones were skipped
    because the database already holds a poll at least as new (the same poll ingested again);
    totals (rows without a bucket start) are not stored.
    """

    received: int
    new: int
    revised: int
    unchanged: int
    older: int
    totals_skipped: int


_staging_metadata = sa.MetaData()
staging = sa.Table(
    "x_engagement_staging",
    _staging_metadata,
    sa.Column("variant", sa.String()),
    sa.Column("post_id", sa.String()),
    sa.Column("metric", sa.String()),
    sa.Column("granularity", sa.String()),
    sa.Column("bucket_start", UtcDateTime()),
    sa.Column("source_metric", sa.String()),
    sa.Column("value", sa.BigInteger()),
    sa.Column("old_value", sa.BigInteger()),
    sa.Column("old_seen", UtcDateTime()),
    prefixes=["TEMPORARY"],
)
"""The rows of the ingest in progress with what the database held for each key before it."""

_SQLITE_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS x_engagement_staging (
    variant TEXT, post_id TEXT, metric TEXT, granularity TEXT, bucket_start TEXT,
    source_metric TEXT, value INTEGER, old_value INTEGER, old_seen TEXT)
"""
_SQLITE_STAGE_ROW = """
INSERT INTO temp.x_engagement_staging
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, o.value, o.last_seen
FROM (SELECT 1) LEFT JOIN main.observations AS o
ON o.variant = ?1 AND o.post_id = ?2 AND o.metric = ?3 AND o.granularity = ?4
AND o.bucket_start = ?5
"""
_PG_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS x_engagement_staging (
    variant text, post_id text, metric text, granularity text, bucket_start timestamptz,
    source_metric text, value bigint, old_value bigint, old_seen timestamptz)
"""
_PG_RAW = """
CREATE TEMP TABLE IF NOT EXISTS x_engagement_raw (
    variant text, post_id text, metric text, granularity text, bucket_start timestamptz,
    source_metric text, value bigint)
"""
_PG_RAW_TYPES = ["text", "text", "text", "text", "timestamptz", "text", "int8"]
_PG_ANNOTATE = """
INSERT INTO x_engagement_staging
SELECT r.variant, r.post_id, r.metric, r.granularity, r.bucket_start, r.source_metric, r.value,
       o.value, o.last_seen
FROM x_engagement_raw AS r LEFT JOIN observations AS o
USING (variant, post_id, metric, granularity, bucket_start)
"""


def ingest(connection: Connection, rows: Iterable[RowLike], fetched_at: datetime) -> IngestStats:
    """Store the rows of one poll made at `fetched_at` (timezone-aware), in the caller's transaction.

    Idempotent: a poll ingested again changes nothing. Never commits: the caller commits (with its
    own progress records in the same transaction) or rolls back, so a crash loses only what was
    not committed. Rows of one ingest must have distinct keys (variant, post, metric, bucket).
    """
    if fetched_at.tzinfo is None:
        raise ValueError("fetched_at must be timezone-aware (UTC)")
    fetched_at = fetched_at.astimezone(UTC)
    counts = _Counts()
    with translated_errors(connection.engine.url):
        if connection.dialect.name == "sqlite":
            _stage_sqlite(connection, counts.bucketed(rows))
        else:
            _stage_postgres(connection, counts.bucketed(rows))
        return _merge(connection, fetched_at, counts)


class _Counts:
    def __init__(self) -> None:
        self.received = 0
        self.totals = 0

    def bucketed(self, rows: Iterable[RowLike]) -> Iterator[RowLike]:
        for row in rows:
            self.received += 1
            if row.start is None:
                self.totals += 1
                continue
            yield row


@functools.lru_cache(maxsize=8192)
def _sqlite_moment(moment: datetime) -> str:
    return sqlite_text(moment)


def _stage_sqlite(connection: Connection, rows: Iterator[RowLike]) -> None:
    connection.exec_driver_sql(_SQLITE_STAGING)
    connection.exec_driver_sql("DELETE FROM temp.x_engagement_staging")
    raw = connection.connection.driver_connection
    assert raw is not None
    moment = _sqlite_moment
    params = (
        (r.variant, r.post_id, r.metric, r.granularity, moment(r.start), r.source_metric, r.value)
        for r in rows
    )
    raw.executemany(_SQLITE_STAGE_ROW, params)


def _stage_postgres(connection: Connection, rows: Iterator[RowLike]) -> None:
    connection.exec_driver_sql(_PG_RAW)
    connection.exec_driver_sql(_PG_STAGING)
    connection.exec_driver_sql("TRUNCATE x_engagement_raw, x_engagement_staging")
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        with cursor.copy("COPY x_engagement_raw FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(_PG_RAW_TYPES)
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
                    )
                )
        cursor.execute("ANALYZE x_engagement_raw")
    connection.exec_driver_sql(_PG_ANNOTATE)


def _merge(connection: Connection, fetched_at: datetime, counts: _Counts) -> IngestStats:
    s = staging.c
    newer = sa.or_(
        s.old_seen.is_(None), s.old_seen < sa.bindparam("fetched_at", type_=UtcDateTime())
    )
    changed = sa.and_(
        s.old_value != s.value, s.old_seen < sa.bindparam("fetched_at", type_=UtcDateTime())
    )
    key = [staging.c[name] for name in KEY]
    fetched = sa.bindparam("fetched_at", type_=UtcDateTime())
    connection.execute(
        revisions.insert().from_select(
            [*KEY, "old_value", "new_value", "old_fetched_at", "new_fetched_at"],
            sa.select(*key, s.old_value, s.value, s.old_seen, fetched).where(changed),
        ),
        {"fetched_at": fetched_at},
    )
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    upsert = insert(observations).from_select(
        [*KEY, "source_metric", "value", "first_seen", "last_seen"],
        sa.select(*key, s.source_metric, s.value, fetched, fetched).where(newer),
    )
    upsert = upsert.on_conflict_do_update(
        index_elements=list(KEY),
        set_={
            "value": upsert.excluded.value,
            "source_metric": upsert.excluded.source_metric,
            "last_seen": upsert.excluded.last_seen,
        },
        where=observations.c.last_seen < upsert.excluded.last_seen,
    )
    try:
        connection.execute(upsert, {"fetched_at": fetched_at})
    except sa.exc.ProgrammingError as exc:  # PostgreSQL: one key twice in one statement
        if "cannot affect row a second time" in str(exc.orig):
            raise IngestError("the same bucket appears twice in one ingest") from None
        raise
    return _stats(connection, fetched_at, counts)


def _stats(connection: Connection, fetched_at: datetime, counts: _Counts) -> IngestStats:
    s = staging.c
    fetched = sa.bindparam("fetched_at", type_=UtcDateTime())
    older = sa.and_(s.old_seen.is_not(None), s.old_seen >= fetched)
    row: Any = connection.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(s.old_seen.is_(None)),
            sa.func.count().filter(sa.and_(s.old_value != s.value, s.old_seen < fetched)),
            sa.func.count().filter(older),
        ).select_from(staging),
        {"fetched_at": fetched_at},
    ).one()
    staged, new, revised, older_count = (int(v) for v in row)
    return IngestStats(
        received=counts.received,
        new=new,
        revised=revised,
        unchanged=staged - new - revised - older_count,
        older=older_count,
        totals_skipped=counts.totals,
    )
