"""Rows a poll could not store, kept as the server sent them: `collect_failures`, and reading it back.

A hostile or broken answer (2**63 impressions, a 65-character metric name) must not stop the
collector or vanish: its rows go here, with the chunk they came in, the server time of the answer
and the reason, one record per chunk and poll. `x-engagement failures` prints them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from x_engagement.collect.database import translated_errors
from x_engagement.collect.errors import UnstorableRows
from x_engagement.collect.ingest import IngestStats, ingest
from x_engagement.collect.schema import UtcDateTime, metadata

collect_failures = sa.Table(
    "collect_failures",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("variant", sa.String(16), nullable=False),
    sa.Column("chunk_key", sa.String(64), nullable=False),
    sa.Column("post_ids", sa.Text(), nullable=False),
    sa.Column("failed_at", UtcDateTime(), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("rows", sa.Text(), nullable=False),
    sa.Index("collect_failures_by_time", "failed_at"),
)
"""One row per chunk and poll with rows that could not be stored; `rows` is a JSON array."""


@dataclass(frozen=True)
class Failure:
    """Rows of one chunk's answer that could not be stored, exactly as the server sent them.

    `rows` are dicts with the `x_engagement.table.Row` fields (`start` as ISO 8601 text) and a
    `reason` each; `failed_at` is the server's time of the answer.
    """

    variant: str
    chunk_key: str
    post_ids: tuple[str, ...]
    failed_at: datetime
    reason: str
    rows: list[dict[str, Any]]


def _row(row: Any, why: str) -> dict[str, Any]:
    start = getattr(row, "start", None)
    return {
        "post_id": row.post_id,
        "metric": row.metric,
        "source_metric": row.source_metric,
        "granularity": row.granularity,
        "start": start.isoformat() if isinstance(start, datetime) else start,
        "value": row.value,
        "reason": why,
    }


def record(
    connection: Connection,
    *,
    variant: str,
    chunk_key: str,
    post_ids: Sequence[str],
    failed_at: datetime,
    reason: str,
    rejected: Sequence[tuple[Any, str]],
) -> None:
    """Keep `rejected` (rows with their reasons) in the caller's transaction."""
    # ASCII JSON: a NUL or a lone surrogate in a name is escaped, so any text column takes it.
    body = json.dumps([_row(row, why) for row, why in rejected], ensure_ascii=True, default=str)
    with translated_errors(connection.engine.url):
        connection.execute(
            collect_failures.insert().values(
                variant=variant,
                chunk_key=chunk_key,
                post_ids=",".join(post_ids),
                failed_at=failed_at,
                reason=reason.encode("ascii", "backslashreplace").decode(),
                rows=body,
            )
        )


def failures(
    connection: Connection, *, variant: str | None = None, since: datetime | None = None
) -> Iterator[Failure]:
    """The recorded failures (of `variant`, at or after `since`), oldest first."""
    f = collect_failures.c
    query = sa.select(collect_failures).order_by(f.failed_at, f.id)
    if variant is not None:
        query = query.where(f.variant == variant)
    if since is not None:
        query = query.where(f.failed_at >= since)
    with translated_errors(connection.engine.url):
        for found in connection.execute(query):
            yield Failure(
                variant=found.variant,
                chunk_key=found.chunk_key,
                post_ids=tuple(found.post_ids.split(",")) if found.post_ids else (),
                failed_at=found.failed_at,
                reason=found.reason,
                rows=json.loads(found.rows),
            )


def ingest_storable(
    connection: Connection,
    rows: Sequence[Any],
    fetched_at: datetime,
    *,
    variant: str,
    chunk_key: str,
    post_ids: Sequence[str],
) -> tuple[IngestStats, list[tuple[Any, str]]]:
    """`ingest` the rows the database can hold and `record` the others, in the caller's
    transaction; returns the ingest's stats and the rows kept here instead. A refusal by the
    database itself (`UnstorableRows.by_database`) is raised: the caller rolls back."""
    try:
        return ingest(connection, rows, fetched_at), []
    except UnstorableRows as exc:
        if exc.by_database:
            raise
        refused = exc
    bad = {id(row) for row, _ in refused.rejected}
    result = ingest(connection, [row for row in rows if id(row) not in bad], fetched_at)
    record(
        connection, variant=variant, chunk_key=chunk_key, post_ids=post_ids,
        failed_at=fetched_at, reason=refused.reason, rejected=refused.rejected,
    )  # fmt: skip
    return result, refused.rejected
