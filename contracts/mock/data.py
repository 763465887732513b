"""Deterministic engagement figures: every count is a pure function of (tweet id, metric, hour).

Because each hour's count never depends on the window asked for, hourly, daily, weekly and total
figures agree with each other by construction: a bucket is the sum of its hours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)
WINDOW_28HR = timedelta(hours=28)
HISTORICAL_DEFAULT = timedelta(days=28)


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(parts).encode(), digest_size=8).digest(), "big")


def hourly_count(tweet_id: str, metric: str, hour: datetime) -> int:
    """The count of `metric` for `tweet_id` in the hour starting at `hour` (UTC)."""
    level = 1 + _seed(tweet_id, metric) % 400  # the post's typical hourly level for this metric
    spread = _seed(tweet_id, metric, hour.strftime("%Y-%m-%dT%H")) % (2 * level + 1)
    return max(0, spread - level // 2)


def total_count(tweet_id: str, metric: str, hours: Iterable[datetime]) -> int:
    return sum(hourly_count(tweet_id, metric, hour) for hour in hours)


def lifetime_count(tweet_id: str, metric: str, now: datetime) -> int:
    """A lifetime total: the last 28 hours plus an earlier history, so it never undercuts a window."""
    start, end = window_28hr(now)
    return total_count(tweet_id, metric, hours(start, end)) + _seed(tweet_id, metric, "history") % 100_000


def floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def ceil_hour(moment: datetime) -> datetime:
    floored = floor_hour(moment)
    return floored if floored == moment else floored + HOUR


def window_28hr(now: datetime) -> tuple[datetime, datetime]:
    """The 28 hours ending at the current hour; `end` is exclusive."""
    end = floor_hour(now)
    return end - WINDOW_28HR, end


def widen(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Off-the-hour bounds widened to whole hours, as the Engagement API documents."""
    return floor_hour(start), ceil_hour(end)


def hours(start: datetime, end: datetime) -> list[datetime]:
    out, moment = [], start
    while moment < end:
        out.append(moment)
        moment += HOUR
    return out


def buckets(all_hours: Sequence[datetime], granularity: str) -> list[tuple[datetime, list[datetime]]]:
    """Hours grouped into v2 buckets (Hourly, Daily, Weekly from Monday, Total), keyed by first hour."""
    if granularity == "Total":
        return [(all_hours[0], list(all_hours))] if all_hours else []

    def key(hour: datetime) -> object:
        if granularity == "Hourly":
            return hour
        if granularity == "Daily":
            return hour.date()
        return hour.date() - timedelta(days=hour.weekday())

    grouped: dict[object, list[datetime]] = {}
    for hour in all_hours:
        grouped.setdefault(key(hour), []).append(hour)
    return [(members[0], members) for members in grouped.values()]
