"""The tables of the collector as SQLAlchemy Core objects (the migrations create them).

Timestamps are UTC. PostgreSQL stores them as `timestamptz`; SQLite as ISO 8601 text in UTC
without an offset (`2026-01-05 10:00:00`, SQLite's own datetime format), so text order is time
order and SQLite's date functions read them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

metadata = sa.MetaData()

KEY = ("variant", "post_id", "metric", "granularity", "bucket_start")
"""An observation's key: one stored value per variant, post, canonical metric and bucket."""


def sqlite_text(moment: datetime) -> str:
    """How SQLite stores a moment: UTC, no offset, microseconds only when there are any."""
    if moment.tzinfo is None:
        raise ValueError(f"a naive datetime cannot be stored (give it a time zone): {moment}")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def from_sqlite_text(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime in Python on both databases (see the module docstring)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String())
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return sqlite_text(value)
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored (give it a time zone): {value}")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return from_sqlite_text(value)
        assert isinstance(value, datetime)
        return value.astimezone(UTC)


def _observation_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("variant", sa.String(16), primary_key=True),
        sa.Column("post_id", sa.String(19), primary_key=True),
        sa.Column("metric", sa.String(64), primary_key=True),
        sa.Column("granularity", sa.String(8), primary_key=True),
        sa.Column("bucket_start", UtcDateTime(), primary_key=True),
        sa.Column("source_metric", sa.String(64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("first_seen", UtcDateTime(), nullable=False),
        sa.Column("last_seen", UtcDateTime(), nullable=False),
    ]


observation_rows = sa.Table(
    "observation_rows", metadata, *_observation_columns(), sqlite_with_rowid=False
)
"""The latest value of each bucket as stored. Its `last_seen` is the last poll that wrote the row:
a bucket inside its series' newest window (`windows`) was seen at that window's fetch time too,
which the view `observations` adds. Read `observations`; only the ingest writes here."""

views = sa.MetaData()
"""The views (migration 0006 creates them; not in `metadata`, which holds what the ingest writes)."""

observations = sa.Table("observations", views, *_observation_columns())
"""The latest value of each bucket, when it was first seen and when last (the newest poll that
saw it): the view over `observation_rows` and `windows` (migration 0006). Read-only."""

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("variant", sa.String(16), nullable=False),
    sa.Column("post_id", sa.String(19), nullable=False),
    sa.Column("metric", sa.String(64), nullable=False),
    sa.Column("granularity", sa.String(8), nullable=False),
    sa.Column("bucket_start", UtcDateTime(), nullable=False),
    sa.Column("old_value", sa.BigInteger(), nullable=False),
    sa.Column("new_value", sa.BigInteger(), nullable=False),
    sa.Column("old_fetched_at", UtcDateTime(), nullable=False),
    sa.Column("new_fetched_at", UtcDateTime(), nullable=False),
    sa.Index("revisions_by_key", "variant", "post_id", "metric", "granularity", "bucket_start"),
)
"""Every change of a stored value: the old value with the last poll that saw it, and the new."""

windows = sa.Table(
    "windows",
    metadata,
    sa.Column("variant", sa.String(16), primary_key=True),
    sa.Column("post_id", sa.String(19), primary_key=True),
    sa.Column("metric", sa.String(64), primary_key=True),
    sa.Column("granularity", sa.String(8), primary_key=True),
    sa.Column("digest", sa.LargeBinary(16), nullable=False),
    sa.Column("fetched_at", UtcDateTime(), nullable=False),
    sa.Column("first_bucket", UtcDateTime(), nullable=True),
    sa.Column("last_bucket", UtcDateTime(), nullable=True),
    sa.Column("body", sa.LargeBinary(), nullable=True),
    sqlite_with_rowid=False,
)
"""The newest window ingested for each series (variant, post, metric, granularity): a digest of
its buckets and values, its fetch time and, when its buckets were contiguous, the first and last
(its span), and the window itself (`body`: its buckets, values and source metrics, MessagePack).
Every bucket in the span was seen at `fetched_at`, so a later poll writes no row it did not
change: an unchanged window polled again moves this row alone, a changed one is compared with
`body` instead of reading its rows back, and a row's own `last_seen` is written when its bucket
leaves the span."""
