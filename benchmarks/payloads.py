"""The largest responses of each variant, built by the mock's own shape code so they look real.

v2: 25 posts x 26 metrics x 28 hourly points (~1.1 MB). Enterprise: 25 posts x 17 engagement
types x 29 hours under a 4-level grouping (the 28-hour window spans 29 clock hours when it does
not start on the hour). `quick` shrinks both for smoke runs.
"""

from __future__ import annotations

import functools
import json
import typing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts import spec
from contracts.mock import data, shape
from x_engagement import models

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FOUR_LEVELS = ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]


def _literals(alias: Any) -> list[str]:
    """The values of a Literal alias, through an Annotated wrapper if there is one."""
    while typing.get_origin(alias) is typing.Annotated:
        alias = typing.get_args(alias)[0]
    return list(typing.get_args(alias))


def tweet_ids(count: int) -> list[str]:
    return [str(1346889436626259968 + 7919 * i) for i in range(count)]


@dataclass(frozen=True)
class Payload:
    """A response body and the request that asked for it: as method keywords and as the client's
    internal call arguments (wire names, e.g. `engagement.fields`)."""

    kwargs: dict[str, Any]
    call_arguments: dict[str, Any]
    body: bytes


def sizes(quick: bool) -> tuple[int, int, int]:
    """(posts, metrics or types cap, hours) for a full or a smoke run."""
    return (2, 3, 4) if quick else (25, 26, 28)


@functools.cache
def largest_v2(quick: bool = False) -> Payload:
    posts, metric_cap, hour_count = sizes(quick)
    common = {
        "tweet_ids": tweet_ids(posts),
        "granularity": "Hourly",
        "requested_metrics": _literals(models.V2Metric)[:metric_cap],
    }
    fields = ["errors", "measurement"]
    instance = {**common, "engagement.fields": fields}
    hours = data.hours(NOW - timedelta(hours=hour_count), NOW)
    body = shape.insights_body(instance, hours, unavailable_suffix="")
    return Payload({**common, "engagement_fields": fields}, instance, json.dumps(body).encode())


@functools.cache
def largest_enterprise(quick: bool = False) -> Payload:
    posts, type_cap, hour_count = sizes(quick)
    arguments = {
        "tweet_ids": tweet_ids(posts),
        "engagement_types": _literals(models.EngagementType)[:type_cap],
        "groupings": {"hourly": {"group_by": list(FOUR_LEVELS)}},
    }
    start = NOW - timedelta(hours=hour_count + 1)
    hours = data.hours(start, NOW)  # one more clock hour than the window's length
    body = shape.engagement_body(arguments, hours, (start, NOW), NOW, unavailable_suffix="")
    return Payload(arguments, arguments, json.dumps(body).encode())


ANALYTICS_STRUCTURAL = ("id", "timestamp", "timestamped_metrics")


@functools.cache
def largest_analytics(quick: bool = False) -> Payload:
    """The largest post analytics answer: 100 posts x all 20 counters x hourly over 7 days
    (168 buckets each, plus the flat counters), from the mock's shape code."""
    posts, hour_count = (2, 4) if quick else (100, 7 * 24)
    counters = [f for f in _literals(models.AnalyticsField) if f not in ANALYTICS_STRUCTURAL]
    start = NOW - timedelta(hours=hour_count)
    arguments = {
        "ids": tweet_ids(posts),
        "start_time": shape.iso(start),
        "end_time": shape.iso(NOW),
        "granularity": "hourly",
        "analytics.fields": [*ANALYTICS_STRUCTURAL, *counters],
    }
    operation = next(op for op in spec.operations().values() if op.variant == "analytics")
    body = shape.analytics_body(
        operation, arguments, data.hours(start, NOW), "hourly", unavailable_suffix="", start=start, now=NOW
    )
    kwargs = {**{k: v for k, v in arguments.items() if k != "analytics.fields"}}
    kwargs["analytics_fields"] = arguments["analytics.fields"]
    return Payload(kwargs, arguments, json.dumps(body).encode())
