"""The progress of a range-asked source (post analytics): which hours each post was last asked for.

X's analytics endpoints have no rolling window: each request names its range. So the collector
keeps, per variant and post, the end of the last range whose answer it committed (`polled_until`,
a whole hour of the server's time), in the same transaction as the rows. The next poll asks from
there, less an overlap that catches late revisions of the last hours; a post never polled is asked
for the last 28 hours, as the 28-hour endpoints would show it. A crash before the commit leaves the
old end, so the restarted run asks the same hours again and nothing more.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from x_engagement.collect.schema import UtcDateTime, metadata

HOUR = timedelta(hours=1)
FIRST = timedelta(hours=28)  # what a post never polled is asked for (the 28-hour endpoints' view)
OVERLAP = timedelta(hours=2)  # hours asked again for their late revisions

ranges = sa.Table(
    "collect_ranges",
    metadata,
    sa.Column("variant", sa.String(16), primary_key=True),
    sa.Column("post_id", sa.String(19), primary_key=True),
    sa.Column("polled_until", UtcDateTime(), nullable=False),
    sa.Column("fetched_at", UtcDateTime(), nullable=False),
)
"""One row per (variant, post) of a range-asked source: the end of its last committed range."""


def last_polled(
    connection: Connection, variant: str, post_ids: Collection[str]
) -> dict[str, datetime]:
    """{post id: end of its last committed range} for the posts that have one."""
    r = ranges.c
    query = sa.select(r.post_id, r.polled_until).where(
        r.variant == variant, r.post_id.in_(sorted(post_ids))
    )
    return {str(post_id): until for post_id, until in connection.execute(query)}


def window(
    polled: Mapping[str, datetime],
    post_ids: Collection[str],
    now: datetime,
    *,
    overlap: timedelta = OVERLAP,
    longest: timedelta | None = None,
) -> tuple[datetime, datetime] | None:
    """The range one request for `post_ids` asks: from the earliest post's last end less
    `overlap` (28 hours back for a post never polled) to the last whole hour of `now`; at most
    `longest` (older hours are left to `gaps --backfill`). None when no post has a new hour."""
    end = now.replace(minute=0, second=0, microsecond=0)
    ends = [polled.get(post_id) for post_id in post_ids]
    known = [until for until in ends if until is not None]
    if known and len(known) == len(ends) and min(known) >= end:
        return None  # every post was asked up to this hour already
    start = end - FIRST if len(known) < len(ends) else min(known) - overlap
    if longest is not None and end - start > longest:
        start = end - longest
    return start, end


def advance(
    connection: Connection,
    variant: str,
    post_ids: Collection[str],
    until: datetime,
    fetched_at: datetime,
) -> None:
    """Record, in the caller's transaction (the one holding the rows), that `post_ids` were
    answered up to `until`; an end never moves back."""
    if not post_ids:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(ranges)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["variant", "post_id"],
            set_={
                "polled_until": sa.case(
                    (
                        ranges.c.polled_until < statement.excluded.polled_until,
                        statement.excluded.polled_until,
                    ),
                    else_=ranges.c.polled_until,
                ),
                "fetched_at": statement.excluded.fetched_at,
            },
        ),
        [
            {"variant": variant, "post_id": p, "polled_until": until, "fetched_at": fetched_at}
            for p in sorted(post_ids)
        ],
    )
