"""Deterministic engagement figures: every count is a pure function of (tweet id, metric, hour, now).

Because each hour's count never depends on the window asked for, hourly, daily, weekly and total
figures agree with each other by construction: a bucket is the sum of its hours. A v2 metric that
counts the same thing as an Enterprise engagement type (the spec's crosswalk `x-metrics`, e.g.
Likes = favorites) gets the same figures, and every hour is a plausible funnel: impressions >=
engagements >= each interaction (likes, replies, clicks...), views a share of impressions, and
video starts >= 25% >= 50% >= 75% played >= completions.

Late revisions, as at X: an hour's counts as seen at a given "now" are a share of its final counts
that grows with the whole hours since the hour ended (REVISION_PER_MILLE), final from
SETTLE_HOURS after it. The share is the same for every metric of a post and hour and rounds down,
so the funnel holds at every moment, and it changes only when the clock crosses an hour, so two
requests within one clock hour see the same figures.
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
# Per mille of an hour's final counts visible: index 0 while the hour is running, 1 in the hour
# after it ended, ...; from SETTLE_HOURS whole hours after its end the counts are final.
REVISION_PER_MILLE = (300, 600, 800, 900, 950)
SETTLE_HOURS = len(REVISION_PER_MILLE) - 1
WATCH_TIME = "watch_time_ms"
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


@functools.cache
def figure_names() -> dict[str, str]:
    """Any variant's metric name -> the name its figures are drawn under, from the spec's crosswalk:
    the Enterprise type where the metric has one, else the v2 name, else the canonical name. So
    insights Likes, Enterprise favorites and post analytics likes are one series, and media
    analytics playback25 is v2's VideoPlayed25Percent (the video funnel holds for media too)."""
    out: dict[str, str] = {}
    for m in spec.model().metrics:
        base = m.enterprise[0] if m.enterprise else (m.v2 or m.canonical)
        for name in (m.v2, m.analytics, m.media):
            if name is not None:
                out[name] = base
    return out


def canonical(metric: str) -> str:
    """The name figures are drawn under (see `figure_names`); unknown names are their own."""
    return figure_names().get(metric, metric)


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
    if name == WATCH_TIME:  # milliseconds watched: 1-30 s per video view
        return hourly_count(tweet_id, "video_views", hour) * (1000 + _seed(tweet_id, name, hour_key) % 29001)
    return _share(engagements, _seed(tweet_id, name, hour_key) % 501)


def visible_per_mille(hour: datetime, now: datetime | None) -> int:
    """How much of the hour starting at `hour` is counted as seen at `now` (None: long after)."""
    if now is None:
        return 1000
    age = (floor_hour(now) - hour) // HOUR - 1  # whole hours since the hour ended; -1: running
    if age < -1:
        return 0  # an hour that has not begun
    return REVISION_PER_MILLE[age + 1] if age < SETTLE_HOURS else 1000


def seen_count(tweet_id: str, metric: str, hour: datetime, now: datetime | None) -> int:
    """`hourly_count` as seen at `now`: growing for SETTLE_HOURS after the hour, then final."""
    per_mille = visible_per_mille(hour, now)
    return (
        hourly_count(tweet_id, metric, hour)
        if per_mille == 1000
        else _share(hourly_count(tweet_id, metric, hour), per_mille)
    )


def total_count(tweet_id: str, metric: str, hours: Iterable[datetime], now: datetime | None) -> int:
    """The sum of the hours' counts as seen at `now` (None: their final counts)."""
    return sum(seen_count(tweet_id, metric, hour, now) for hour in hours)


def lifetime_count(tweet_id: str, metric: str, now: datetime) -> int:
    """A lifetime total: the last 28 hours plus an earlier history, so it never undercuts a window
    (the history is one hour's figures scaled alike for every metric, so the funnel holds)."""
    start, end = window_28hr(now)
    history = hourly_count(tweet_id, metric, HISTORY_HOUR) * (50 + _seed(tweet_id, "history") % 200)
    return total_count(tweet_id, metric, hours(start, end), now) + history


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
