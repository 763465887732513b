"""Deterministic engagement figures: every count is a pure function of (tweet id, metric, hour).

Because each hour's count never depends on the window asked for, hourly, daily, weekly and total
figures agree with each other by construction: a bucket is the sum of its hours. A v2 metric that
counts the same thing as an Enterprise engagement type (the spec's crosswalk `x-metrics`, e.g.
Likes = favorites) gets the same figures, and every hour is a plausible funnel: impressions >=
engagements >= each interaction (likes, replies, clicks...), views a share of impressions, and
video starts >= 25% >= 50% >= 75% played >= completions.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from contracts import spec

HOUR = timedelta(hours=1)
WINDOW_28HR = timedelta(hours=28)
HISTORICAL_DEFAULT = timedelta(days=28)
HISTORY_HOUR = datetime(2020, 1, 1)  # the hour whose figures, scaled, stand in for a post's past
# shares of impressions (views of media); everything else not named here is a share of engagements
VIEW_METRICS = frozenset({"media_views", "video_views", "UniqueVideoViews"})
VIDEO_FUNNEL = (
    "VideoStarts",
    "VideoPlayed25Percent",
    "VideoPlayed50Percent",
    "VideoPlayed75Percent",
    "VideoCompletions",
)


@functools.cache
def enterprise_type() -> dict[str, str]:
    """v2 metric -> the Enterprise engagement type that counts the same thing (the spec's crosswalk)."""
    return {m.v2: m.enterprise[0] for m in spec.model().metrics if m.v2 is not None and m.enterprise}


def canonical(metric: str) -> str:
    """The name figures are drawn under: the Enterprise type for a v2 metric that has one."""
    return enterprise_type().get(metric, metric)


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(parts).encode(), digest_size=8).digest(), "big")


def _share(total: int, per_mille: int) -> int:
    return total * per_mille // 1000


@functools.lru_cache(maxsize=65536)
def _funnel_top(tweet_id: str, hour_key: str) -> tuple[int, int]:
    """(impressions, engagements) of one post in one hour; engagements are 2-20% of impressions."""
    level = 1 + _seed(tweet_id, "impressions") % 4000  # the post's typical hourly impressions
    spread = _seed(tweet_id, "impressions", hour_key) % (2 * level + 1)
    impressions = max(0, spread - level // 2)
    return impressions, _share(impressions, 20 + _seed(tweet_id, "engagement-rate", hour_key) % 181)


def hourly_count(tweet_id: str, metric: str, hour: datetime) -> int:
    """The count of `metric` for `tweet_id` in the hour starting at `hour` (UTC)."""
    name, hour_key = canonical(metric), hour.strftime("%Y-%m-%dT%H")
    impressions, engagements = _funnel_top(tweet_id, hour_key)
    if name == "impressions":
        return impressions
    if name == "engagements":
        return engagements
    if name in VIDEO_FUNNEL:
        step = VIDEO_FUNNEL.index(name)
        above = _share(impressions, 300) if step == 0 else hourly_count(tweet_id, VIDEO_FUNNEL[step - 1], hour)
        return _share(above, 400 + _seed(tweet_id, name, hour_key) % 601)
    if name in VIEW_METRICS:
        return _share(impressions, _seed(tweet_id, name, hour_key) % 301)
    return _share(engagements, _seed(tweet_id, name, hour_key) % 501)


def total_count(tweet_id: str, metric: str, hours: Iterable[datetime]) -> int:
    return sum(hourly_count(tweet_id, metric, hour) for hour in hours)


def lifetime_count(tweet_id: str, metric: str, now: datetime) -> int:
    """A lifetime total: the last 28 hours plus an earlier history, so it never undercuts a window
    (the history is one hour's figures scaled alike for every metric, so the funnel holds)."""
    start, end = window_28hr(now)
    history = hourly_count(tweet_id, metric, HISTORY_HOUR) * (50 + _seed(tweet_id, "history") % 200)
    return total_count(tweet_id, metric, hours(start, end)) + history


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
