"""What a call returns: the typed response plus the partial-result signals, never dropped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

import msgspec
from msgspec import UNSET, field

from x_engagement import models

GroupingTree = dict[str, Any]


class RateLimit(msgspec.Struct, frozen=True):
    """The rate-limit headers of a response (v2 `x-rate-limit-*`, Enterprise `x-per-minute-*`).

    `raw` keeps the headers as sent, so a value too odd to parse is still there to inspect.
    """

    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None
    raw: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit:
        """Never raises: a malformed informational header must not cost a good result."""
        raw = {name: headers[name] for name in _RATE_LIMIT_HEADERS if name in headers}

        def number(*names: str) -> int | None:
            for name in names:
                value = raw.get(name, "").strip()
                if value.isascii() and value.isdigit():  # `²` is a digit to isdigit(), not to int()
                    return int(value)
            return None

        reset = number("x-rate-limit-reset")
        return cls(
            limit=number("x-rate-limit-limit", "x-per-minute-limit"),
            remaining=number("x-rate-limit-remaining", "x-per-minute-remaining"),
            reset_at=_timestamp(reset),
            raw=raw,
        )


_RATE_LIMIT_HEADERS = (
    "x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset",
    "x-per-minute-limit", "x-per-minute-remaining",
)  # fmt: skip


def _timestamp(seconds: float | None) -> datetime | None:
    """A Unix time as a datetime, or None when it is beyond what datetime can hold."""
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):
        return None


class MetricPoint(NamedTuple):
    tweet_id: str
    timestamp: str
    metric: str
    value: float


class InsightsResult(msgspec.Struct, frozen=True):
    """A v2 insights response. `complete` is False when any top-level or per-post error came back."""

    response: models.InsightsResponse
    rate_limit: RateLimit = field(default_factory=RateLimit)

    @property
    def data(self) -> list[models.Engagement]:
        return [] if self.response.data is UNSET else self.response.data

    @property
    def errors(self) -> list[models.Problem]:
        return [] if self.response.errors is UNSET else self.response.errors

    @property
    def tweet_errors(self) -> list[models.EngagementError]:
        return [e for item in self.data if item.errors is not UNSET for e in item.errors]

    @property
    def complete(self) -> bool:
        return not self.errors and not self.tweet_errors

    def totals(self) -> dict[str, dict[str, float]]:
        """`metrics_total` as {tweet_id: {metric: value}}."""
        out: dict[str, dict[str, float]] = {}
        for item in self.data:
            if item.measurement is UNSET or item.measurement.metrics_total is UNSET:
                continue
            for entry in item.measurement.metrics_total:
                if entry.tweet_id is UNSET or entry.value is UNSET:
                    continue
                metrics = out.setdefault(entry.tweet_id, {})
                for metric in entry.value:
                    if metric.metric_type is not UNSET and metric.metric_value is not UNSET:
                        metrics[metric.metric_type] = metric.metric_value
        return out

    def time_series(self) -> Iterator[MetricPoint]:
        """`metrics_time_series` flattened to (tweet_id, timestamp, metric, value) points."""
        for item in self.data:
            if item.measurement is UNSET or item.measurement.metrics_time_series is UNSET:
                continue
            for entry in item.measurement.metrics_time_series:
                if (
                    entry.tweet_id is UNSET
                    or entry.value is UNSET
                    or entry.value.metric_values is UNSET
                ):
                    continue
                stamp = entry.value.timestamp
                when = "" if stamp is UNSET or stamp.iso8601_time is UNSET else stamp.iso8601_time
                for metric in entry.value.metric_values:
                    if metric.metric_type is not UNSET and metric.metric_value is not UNSET:
                        yield MetricPoint(
                            entry.tweet_id, when, metric.metric_type, metric.metric_value
                        )


class EngagementResult(msgspec.Struct, frozen=True):
    """An Enterprise response: one nested tree per requested grouping, plus the partial signals.

    Each tree nests in its grouping's `group_by` order (an hour level always sits under a day);
    leaves are counts as ints (the API sends decimal strings, sometimes integers).
    """

    groupings: dict[str, GroupingTree]
    group_by: dict[str, tuple[str, ...]]
    start: datetime | None = None
    end: datetime | None = None
    unavailable_tweet_ids: list[str] = field(default_factory=list)
    unsupported_for_video_views_tweet_ids: list[str] = field(default_factory=list)
    unsupported_for_impressions_engagements_tweet_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rate_limit: RateLimit = field(default_factory=RateLimit)

    @property
    def complete(self) -> bool:
        return not (
            self.errors
            or self.unavailable_tweet_ids
            or self.unsupported_for_video_views_tweet_ids
            or self.unsupported_for_impressions_engagements_tweet_ids
        )

    def rows(self, grouping: str) -> Iterator[tuple[tuple[str, ...], int]]:
        """Every leaf of `grouping` as (keys along the path, count as int)."""

        def walk(node: Any, keys: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], int]]:
            if isinstance(node, dict):
                for key, child in node.items():
                    yield from walk(child, (*keys, key))
            else:
                yield keys, node

        yield from walk(self.groupings.get(grouping, {}), ())
