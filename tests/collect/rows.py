"""Rows for the collector's tests: hourly series of a few posts, as one poll at a time would see them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from x_engagement.table import Row

HOUR = timedelta(hours=1)
T0 = datetime(2026, 11, 1, tzinfo=UTC)
WINDOW_HOURS = 28


def hourly(post_id: str, metric: str, start: datetime, value: int, variant: str = "v2") -> Row:
    source = metric if variant == "enterprise" else metric.title()
    return Row(post_id, metric, source, variant, start, start + HOUR, "hour", value)


def poll(
    post_ids: list[str], now: datetime, metrics: tuple[str, ...] = ("likes", "impressions"), late: int = 0
) -> Iterator[Row]:
    """What one poll at `now` returns: the 28 whole hours before it, for every post and metric.

    The value of an hour is a fixed function of (post, metric, hour), plus `late` for the hours of
    the last day (late engagements that a later poll sees).
    """
    last = now.replace(minute=0, second=0, microsecond=0)
    for post_id in post_ids:
        for metric in metrics:
            for back in range(WINDOW_HOURS, 0, -1):
                start = last - back * HOUR
                base = (int(post_id) % 97) + len(metric) + int((start - T0) / HOUR) % 13
                yield hourly(post_id, metric, start, base + (late if back <= 24 else 0))
