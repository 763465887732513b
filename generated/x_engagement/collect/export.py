"""Reading the stored buckets back as `x_engagement.table.Row`s, streamed from the database.

Write them with the one-table writers (`x_engagement.table.write_csv`, `write_jsonl`,
`write_parquet`), which is what `x-engagement export` does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from x_engagement.collect.database import translated_errors
from x_engagement.collect.schema import observation_rows
from x_engagement.table import BUCKET, Row

BATCH = 10_000


def export(
    connection: Connection,
    since: datetime | None = None,
    until: datetime | None = None,
    ids: Collection[str] | None = None,
    variant: str | None = None,
) -> Iterator[Row]:
    """Stored buckets with `since <= start < until` (UTC-aware bounds; None = open), of `ids` and
    `variant` when given, ordered by variant, post, metric, granularity and start.

    Streamed in batches (a server-side cursor on PostgreSQL), so memory stays flat however much
    is stored; keep the connection open while iterating.
    """
    for bound, name in ((since, "since"), (until, "until")):
        if bound is not None and bound.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware (UTC): {bound}")
    o = observation_rows.c
    query = sa.select(
        o.variant, o.post_id, o.metric, o.granularity, o.bucket_start, o.source_metric, o.value
    ).order_by(o.variant, o.post_id, o.metric, o.granularity, o.bucket_start)
    if since is not None:
        query = query.where(o.bucket_start >= since)
    if until is not None:
        query = query.where(o.bucket_start < until)
    if ids is not None:
        query = query.where(o.post_id.in_(sorted(set(ids))))
    if variant is not None:
        query = query.where(o.variant == variant)
    with translated_errors(connection.engine.url):
        result = connection.execution_options(yield_per=BATCH).execute(query)
        for row_variant, post_id, metric, granularity, start, source, value in result:
            yield Row(
                post_id=post_id,
                metric=metric,
                source_metric=source,
                variant=row_variant,
                start=start,
                end=start + BUCKET[granularity],
                granularity=granularity,
                value=value,
            )
