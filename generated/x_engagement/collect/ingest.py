"""Storing one poll's rows: new buckets inserted, changed values revised, the rest only touched.

Rows are grouped by series (variant, post, metric, granularity) and each series' window gets a
digest of its buckets and values. A window that matches the digest stored for its series (the
`windows` table) is unchanged: when it comes from the same or an older poll it is skipped, when it
comes from a newer poll one range update moves `last_seen` (the window must be contiguous).
Every other series takes the per-row path: its rows go into a temporary staging table with the
value and last-seen time stored for each key (SQLite: one `executemany` that looks up as it
inserts; PostgreSQL: binary `COPY`, then one join), and set-based statements write a revision for
each changed value, insert the new buckets and update the rest. Nothing is written for a bucket
the database already holds from the same poll or a newer one.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import msgspec
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from x_engagement.collect import values as storable
from x_engagement.collect.database import translated_errors
from x_engagement.collect.errors import IngestError, UnstorableRows
from x_engagement.collect.schema import (
    KEY,
    UtcDateTime,
    observations,
    revisions,
    sqlite_text,
    windows,
)
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


@dataclass
class _Series:
    rows: list[RowLike] = field(default_factory=list)
    digest: bytes = b""
    contiguous: bool = False


_temporary = sa.MetaData()  # tables of one connection's session: never in `schema.metadata`
_RAW_COLUMNS = 7  # what a poll brings: the key, source_metric and value
staging = sa.Table(
    "x_engagement_staging",
    _temporary,
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

raw_rows = sa.Table(
    "x_engagement_raw",
    _temporary,
    *(column._copy() for column in list(staging.c)[:_RAW_COLUMNS]),
    prefixes=["TEMPORARY"],
)
"""PostgreSQL: the poll's rows as they are `COPY`ed in, before they are joined to the stored ones."""
_PG_RAW_TYPES = ["text", "text", "text", "text", "timestamptz", "text", "int8"]
_SQLITE_STAGE_ROW = f"""
INSERT INTO temp.{staging.name}
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, o.value, o.last_seen
FROM (SELECT 1) LEFT JOIN main.observations AS o
ON o.variant = ?1 AND o.post_id = ?2 AND o.metric = ?3 AND o.granularity = ?4
AND o.bucket_start = ?5
"""
_PG_ANNOTATE = f"""
INSERT INTO {staging.name}
SELECT r.variant, r.post_id, r.metric, r.granularity, r.bucket_start, r.source_metric, r.value,
       o.value, o.last_seen
FROM {raw_rows.name} AS r LEFT JOIN observations AS o
USING (variant, post_id, metric, granularity, bucket_start)
"""


def _create_temporary(connection: Connection, table: sa.Table) -> None:
    """Create one of the session's temporary tables unless this connection already has it."""
    connection.execute(sa.schema.CreateTable(table, if_not_exists=True))


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
        stored = _stored_windows(connection, series)
        skipped = touched = 0
        touch: list[dict[str, Any]] = []
        fresh: list[RowLike] = []
        full: list[RowLike] = []
        for key, one in series.items():
            seen = stored.get(key)
            if seen is None:
                fresh.extend(one.rows)
            elif seen[0] == one.digest and seen[1] >= fetched_at:
                skipped += len(one.rows)
            elif seen is not None and seen[0] == one.digest and one.contiguous:
                touched += len(one.rows)
                touch.append(_range(key, one))
            else:
                full.extend(one.rows)
        if fresh:
            _insert_fresh(connection, fresh, fetched_at)
        if touch:
            _touch(connection, touch, fetched_at)
        counts = _full_path(connection, full, fetched_at) if full else (0, 0, 0, 0)
        _save_windows(connection, series, stored, fetched_at)
    new, revised, unchanged, already = counts
    return IngestStats(
        received=received,
        new=new + len(fresh),
        revised=revised,
        unchanged=unchanged + touched,
        already_stored=already + skipped,
        totals_skipped=totals,
    )


def _text(moment: Any, cache: dict[datetime, str] = {}) -> str:  # noqa: B006 - a cache
    text = cache.get(moment)
    if text is None:
        if len(cache) > 100_000:
            cache.clear()
        text = cache[moment] = sqlite_text(moment)
    return text


def _group(rows: Iterable[RowLike]) -> tuple[dict[tuple[str, str, str, str], _Series], int, int]:
    """Rows by series, each series with the digest of its window; also counts received and totals.

    Totals (granularity "total", no bucket start) are counted and left out.
    """
    series: dict[tuple[str, str, str, str], _Series] = {}
    for key, group in itertools.groupby(rows, _series_key):
        found = series.get(key)
        if found is None:
            found = series[key] = _Series()
        found.rows.extend(group)
    received = sum(len(one.rows) for one in series.values())
    totals = 0
    encode = msgspec.json.encode
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
        rows = one.rows  # three flat lists: no per-row objects for the garbage collector to chase
        values, sources = [r.value for r in rows], [r.source_metric for r in rows]
        if not storable.series_ok(key, values, sources):
            unstorable.extend(storable.rejected(rows))
            continue
        body = encode(([r.start for r in rows], values, sources))
        one.digest = hashlib.blake2b(body, digest_size=16).digest()
        first, last = one.rows[0].start, one.rows[-1].start
        assert first is not None and last is not None
        # Contiguous buckets span exactly len - 1 steps. (A window with the same bucket twice
        # cannot match a stored digest: its ingest would have failed and stored nothing.)
        one.contiguous = (last - first) == step * (len(one.rows) - 1)
    if unstorable:  # before any statement: the caller's transaction is untouched
        raise UnstorableRows(unstorable)
    return series, received, totals


@contextmanager
def _refusals(series: dict[tuple[str, str, str, str], _Series]) -> Iterator[None]:
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


def _range(key: tuple[str, str, str, str], one: _Series) -> dict[str, Any]:
    return {
        "k_variant": key[0],
        "k_post_id": key[1],
        "k_metric": key[2],
        "k_granularity": key[3],
        "k_first": one.rows[0].start,
        "k_last": one.rows[-1].start,
    }


def _stored_windows(
    connection: Connection, series: dict[tuple[str, str, str, str], _Series]
) -> dict[tuple[str, str, str, str], tuple[bytes, datetime]]:
    """The stored digest and fetch time of each series of this ingest that has one."""
    stored: dict[tuple[str, str, str, str], tuple[bytes, datetime]] = {}
    w = windows.c
    by_post: dict[tuple[str, str], list[str]] = {}
    for variant, post_id, _metric, _granularity in series:
        by_post.setdefault((variant, post_id), [])
    for batch in _batches(sorted(by_post), 500):
        query = sa.select(w.variant, w.post_id, w.metric, w.granularity, w.digest, w.fetched_at)
        query = query.where(sa.tuple_(w.variant, w.post_id).in_(batch))
        for variant, post_id, metric, granularity, digest, fetched in connection.execute(query):
            key = (variant, post_id, metric, granularity)
            if key in series:
                stored[key] = (bytes(digest), fetched)
    return stored


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _touch(connection: Connection, ranges: list[dict[str, Any]], fetched_at: datetime) -> None:
    """Move `last_seen` of unchanged windows: one range update per series."""
    o = observations.c
    moment = UtcDateTime()
    statement = (
        sa.update(observations)
        .where(
            o.variant == sa.bindparam("k_variant"),
            o.post_id == sa.bindparam("k_post_id"),
            o.metric == sa.bindparam("k_metric"),
            o.granularity == sa.bindparam("k_granularity"),
            o.bucket_start >= sa.bindparam("k_first", type_=moment),
            o.bucket_start <= sa.bindparam("k_last", type_=moment),
            o.last_seen < sa.bindparam("k_fetched", type_=moment),
        )
        .values(last_seen=sa.bindparam("k_fetched", type_=moment))
    )
    for item in ranges:
        item["k_fetched"] = fetched_at
    connection.execute(statement, ranges)


def _save_windows(
    connection: Connection,
    series: dict[tuple[str, str, str, str], _Series],
    stored: dict[tuple[str, str, str, str], tuple[bytes, datetime]],
    fetched_at: datetime,
) -> None:
    """Remember each series' window digest, unless the database holds a newer poll of it."""
    changed: list[dict[str, Any]] = [
        {"variant": k[0], "post_id": k[1], "metric": k[2], "granularity": k[3], "digest": s.digest}
        for k, s in series.items()
        if k not in stored or stored[k][1] < fetched_at
    ]
    if not changed:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(windows).values(fetched_at=sa.bindparam("w_fetched", type_=UtcDateTime()))
    statement = statement.on_conflict_do_update(
        index_elements=list(SERIES),
        set_={"digest": statement.excluded.digest, "fetched_at": statement.excluded.fetched_at},
        where=windows.c.fetched_at < statement.excluded.fetched_at,
    )
    for item in changed:
        item["w_fetched"] = fetched_at
    connection.execute(statement, changed)


_FRESH_COLUMNS = "variant, post_id, metric, granularity, bucket_start, source_metric, value, first_seen, last_seen"
_SQLITE_FRESH = (
    f"INSERT INTO main.observations ({_FRESH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)"
)
_PG_FRESH = f"COPY observations ({_FRESH_COLUMNS}) FROM STDIN (FORMAT BINARY)"
_PG_FRESH_TYPES = [*_PG_RAW_TYPES, "timestamptz", "timestamptz"]


def _insert_fresh(connection: Connection, rows: list[RowLike], fetched_at: datetime) -> None:
    """Rows of series never ingested before: nothing of theirs is stored, so a plain bulk insert.

    (Every series that has observations has a `windows` row, written in the same transaction.)
    """
    raw = connection.connection.driver_connection
    assert raw is not None
    try:
        if connection.dialect.name == "sqlite":
            text, seen = _text, sqlite_text(fetched_at)
            raw.executemany(
                _SQLITE_FRESH,
                (
                    (
                        r.variant,
                        r.post_id,
                        r.metric,
                        r.granularity,
                        text(r.start),
                        r.source_metric,
                        r.value,
                        seen,
                    )
                    for r in rows
                ),
            )
            return
        with raw.cursor() as cursor, cursor.copy(_PG_FRESH) as copy:
            copy.set_types(_PG_FRESH_TYPES)
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
    except Exception as exc:
        if _is_unique_violation(exc):
            raise IngestError(_TWICE) from None
        raise


_TWICE = (
    "a bucket was stored twice: the same key appears twice in one ingest, or another collector "
    "stored it at the same moment (retry the chunk)"
)


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


def _full_path(
    connection: Connection, rows: list[RowLike], fetched_at: datetime
) -> tuple[int, int, int, int]:
    if connection.dialect.name == "sqlite":
        _stage_sqlite(connection, rows)
    else:
        _stage_postgres(connection, rows)
    return _merge(connection, fetched_at)


def _stage_sqlite(connection: Connection, rows: list[RowLike]) -> None:
    _create_temporary(connection, staging)
    connection.execute(staging.delete())
    raw = connection.connection.driver_connection
    assert raw is not None
    text = _text
    params = (
        (r.variant, r.post_id, r.metric, r.granularity, text(r.start), r.source_metric, r.value)
        for r in rows
    )
    raw.executemany(_SQLITE_STAGE_ROW, params)


def _stage_postgres(connection: Connection, rows: list[RowLike]) -> None:
    _create_temporary(connection, raw_rows)
    _create_temporary(connection, staging)
    connection.exec_driver_sql(f"TRUNCATE {raw_rows.name}, {staging.name}")
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {raw_rows.name} FROM STDIN (FORMAT BINARY)") as copy:
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
        cursor.execute(f"ANALYZE {raw_rows.name}")
    connection.exec_driver_sql(_PG_ANNOTATE)


def _merge(connection: Connection, fetched_at: datetime) -> tuple[int, int, int, int]:
    """Revisions for changed values, inserts for new buckets, updates for newer polls."""
    s = staging.c
    fetched = sa.bindparam("fetched_at", type_=UtcDateTime())
    key = [staging.c[name] for name in KEY]
    connection.execute(
        revisions.insert().from_select(
            [*KEY, "old_value", "new_value", "old_fetched_at", "new_fetched_at"],
            sa.select(*key, s.old_value, s.value, s.old_seen, fetched).where(
                s.old_value != s.value, s.old_seen < fetched
            ),
        ),
        {"fetched_at": fetched_at},
    )
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    new_rows = insert(observations).from_select(
        [*KEY, "source_metric", "value", "first_seen", "last_seen"],
        sa.select(*key, s.source_metric, s.value, fetched, fetched).where(s.old_seen.is_(None)),
    )
    o = observations.c
    newer = (
        sa.update(observations)
        .where(*[o[name] == staging.c[name] for name in KEY])
        .where(s.old_seen.is_not(None), s.old_seen < fetched, o.last_seen < fetched)
        .values(value=s.value, source_metric=s.source_metric, last_seen=fetched)
    )
    try:
        connection.execute(new_rows, {"fetched_at": fetched_at})
    except sa.exc.IntegrityError:
        raise IngestError(_TWICE) from None
    connection.execute(newer, {"fetched_at": fetched_at})
    return _counts(connection, fetched_at)


def _counts(connection: Connection, fetched_at: datetime) -> tuple[int, int, int, int]:
    s = staging.c
    fetched = sa.bindparam("fetched_at", type_=UtcDateTime())
    row: Any = connection.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(s.old_seen.is_(None)),
            sa.func.count().filter(sa.and_(s.old_value != s.value, s.old_seen < fetched)),
            sa.func.count().filter(sa.and_(s.old_seen.is_not(None), s.old_seen >= fetched)),
        ).select_from(staging),
        {"fetched_at": fetched_at},
    ).one()
    staged, new, revised, already = (int(v) for v in row)
    return new, revised, staged - new - revised - already, already
