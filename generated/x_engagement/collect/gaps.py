"""Hours that were never observed for a post: what a lapse in polling longer than 28 hours loses.

Definition: for each (variant, post), take the hourly buckets observed for any metric; every hour
after the post's first observed hour and before its last one that has no observation is missing.
Consecutive missing hours are reported as one `Gap`. A lapse of L > 28 hours between two polls
leaves L - 28 hours (rounded to whole buckets) that no 28-hour window ever showed; shorter lapses
leave none, because each poll's window overlaps the previous one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from x_engagement.collect.database import translated_errors
from x_engagement.collect.schema import observation_rows

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Gap:
    """Hours [start, end) of a post that no poll observed; `hours` of them."""

    variant: str
    post_id: str
    start: datetime
    end: datetime

    @property
    def hours(self) -> int:
        return int((self.end - self.start) / HOUR)


def gaps(
    connection: Connection,
    *,
    variant: str | None = None,
    post_ids: Collection[str] | None = None,
) -> Iterator[Gap]:
    """The gaps of every post (or of `variant` / `post_ids`), ordered by variant, post and time."""
    o = observation_rows.c
    query = (
        sa.select(o.variant, o.post_id, o.bucket_start)
        .where(o.granularity == "hour")
        .distinct()
        .order_by(o.variant, o.post_id, o.bucket_start)
    )
    if variant is not None:
        query = query.where(o.variant == variant)
    if post_ids is not None:
        query = query.where(o.post_id.in_(sorted(post_ids)))
    with translated_errors(connection.engine.url):
        result = connection.execution_options(yield_per=10_000).execute(query)
        previous: tuple[str, str, datetime] | None = None
        for row_variant, post_id, start in result:
            if previous is not None and previous[:2] == (row_variant, post_id):
                expected = previous[2] + HOUR
                if start > expected:
                    yield Gap(row_variant, post_id, expected, start)
            previous = (row_variant, post_id, start)
