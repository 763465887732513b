"""Response bodies of both variants from the deterministic figures in `data`.

Enterprise nesting comes from `contracts.spec.nesting`, the spec's `x-grouping` as the model reads it,
so the mock nests exactly as the client expects to read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from contracts import spec
from contracts.mock import data

UNAVAILABLE = "Tweet ID(s) are unavailable"


def iso(moment: datetime) -> str:
    """RFC 3339 UTC; the year padded by hand because strftime does not pad years before 1000."""
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"


def split_available(tweet_ids: Sequence[str], suffix: str) -> tuple[list[str], list[str]]:
    """(available, unavailable): ids ending in the configured suffix are unavailable."""
    unavailable = [t for t in tweet_ids if suffix and t.endswith(suffix)]
    return [t for t in tweet_ids if t not in unavailable], unavailable


def _representative(v2: bool) -> spec.Operation:
    """The first operation of a variant, for callers (benchmarks) that shape a body without one."""
    return next(op for op in spec.operations().values() if op.is_v2 == v2)


def insights_body(
    instance: Mapping[str, Any],
    hours: Sequence[datetime],
    unavailable_suffix: str,
    *,
    now: datetime | None = None,
    operation: spec.Operation | None = None,
) -> dict[str, Any]:
    """A v2 InsightsResponse: series or totals per post, counts as seen at `now` (None: final ones);
    unavailable posts as per-post errors."""
    operation = operation or _representative(v2=True)
    available, unavailable = split_available(instance[operation.batch_parameter], unavailable_suffix)
    metrics, granularity = instance[operation.metrics_parameter], instance["granularity"]
    fields = (operation.fields_parameter and instance.get(operation.fields_parameter)) or spec.all_fields(operation)
    engagement: dict[str, Any] = {}
    if "errors" in fields and unavailable:
        engagement["errors"] = [{"error": f"{len(unavailable)} {UNAVAILABLE}", "tweets": unavailable}]
    if "measurement" in fields and available:
        # metrics_total at every granularity (the window's total), the series beside it unless Total
        measurement: dict[str, Any] = {
            "metrics_total": [
                {
                    "tweet_id": tweet_id,
                    "value": [
                        {"metric_type": m, "metric_value": data.total_count(tweet_id, m, hours, now)} for m in metrics
                    ],
                }
                for tweet_id in available
            ]
        }
        if granularity != "Total":
            measurement["metrics_time_series"] = [
                {
                    "tweet_id": tweet_id,
                    "value": {
                        "metric_values": [
                            {"metric_type": m, "metric_value": data.total_count(tweet_id, m, members, now)}
                            for m in metrics
                        ],
                        "timestamp": {"iso8601_time": iso(first)},
                    },
                }
                for tweet_id in available
                for first, members in data.buckets(hours, granularity)
            ]
        engagement["measurement"] = measurement
    return {"data": [engagement]}


def _tree(
    levels: Sequence[str],
    tweet_ids: Sequence[str],
    types: Sequence[str],
    hours: Sequence[datetime] | None,
    leaf: Callable[[Mapping[str, str], Sequence[datetime] | None], str],
    chosen: dict[str, str],
) -> Any:
    """One nested level per group_by item, narrowing the hours as day and hour keys are chosen."""
    if not levels:
        return leaf(chosen, hours)
    level, rest = levels[0], levels[1:]
    node: dict[str, Any] = {}
    if level in ("tweet.id", "engagement.type"):
        for key in tweet_ids if level == "tweet.id" else types:
            node[key] = _tree(rest, tweet_ids, types, hours, leaf, {**chosen, level: key})
        return node
    by_key: dict[str, list[datetime]] = {}
    for hour in hours or ():
        key = hour.date().isoformat() if level == "engagement.day" else f"{hour:%H}"
        by_key.setdefault(key, []).append(hour)
    for key, members in by_key.items():
        node[key] = _tree(rest, tweet_ids, types, members, leaf, {**chosen, level: key})
    return node


def engagement_body(
    instance: Mapping[str, Any],
    hours: Sequence[datetime] | None,
    window: tuple[datetime, datetime] | None,
    now: datetime,
    unavailable_suffix: str,
    *,
    operation: spec.Operation | None = None,
) -> dict[str, Any]:
    """An EngagementResponse; `hours` None means lifetime totals (the /totals endpoint)."""
    operation = operation or _representative(v2=False)
    available, unavailable = split_available(instance[operation.batch_parameter], unavailable_suffix)
    types = instance[operation.metrics_parameter]
    body: dict[str, Any] = {}
    if window is not None:
        body["start"], body["end"] = iso(window[0]), iso(window[1])

    def leaf(chosen: Mapping[str, str], selected: Sequence[datetime] | None) -> str:
        ids = [chosen["tweet.id"]] if "tweet.id" in chosen else available
        kinds = [chosen["engagement.type"]] if "engagement.type" in chosen else types
        if selected is None:
            return str(sum(data.lifetime_count(t, k, now) for t in ids for k in kinds))
        return str(sum(data.total_count(t, k, selected, now) for t in ids for k in kinds))

    for name, grouping in instance["groupings"].items():
        body[name] = _tree(spec.nesting(grouping["group_by"]), available, types, hours, leaf, {})
    if unavailable:
        body["unavailable_tweet_ids"] = unavailable
        body["errors"] = [f"{len(unavailable)} {UNAVAILABLE}"]
    return body


# --- post and media analytics (X v2.167) -------------------------------------------------------

# the field naming the item of each analytics variant, and what X calls the resource in a problem
ANALYTICS_KEY = {"analytics": "id", "media": "media_key"}
RESOURCE_TYPE = {"analytics": "post", "media": "media"}
STRUCTURAL = frozenset({"id", "media_key", "timestamp", "timestamped_metrics"})
# the analytics granularity values -> the bucket names of `data.buckets`
ANALYTICS_BUCKETS = {"hourly": "Hourly", "daily": "Daily", "weekly": "Weekly", "total": "Total"}
PROBLEMS_NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"


def granularity_of(operation: spec.Operation, instance: Mapping[str, Any]) -> str:
    """The granularity asked for, else the spec's default (post analytics total, media daily)."""
    name = operation.granularity_parameter or "granularity"
    asked = instance.get(name)
    if isinstance(asked, str):
        return asked
    parameter = next(p for p in operation.parameters if p.name == name)
    schema = parameter.schema
    if "$ref" in schema:
        schema = schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return str(schema["default"])


def analytics_fields(operation: spec.Operation, instance: Mapping[str, Any]) -> list[str]:
    """The fields asked for (`analytics.fields` / `media_analytics.fields`); every one when omitted."""
    asked = instance.get(operation.metrics_parameter)
    if asked:
        return list(asked)
    parameter = next(p for p in operation.parameters if p.name == operation.metrics_parameter)
    items = parameter.schema["items"]
    return list(items.get("enum") or parameter.schema["$defs"][items["$ref"].rsplit("/", 1)[1]]["enum"])


def not_found(operation: spec.Operation, key: str) -> dict[str, Any]:
    """X's v2 resource-not-found problem for one id or media key (`resource_id` and `value` name it)."""
    kind = RESOURCE_TYPE[operation.variant]
    return {
        "title": "Not Found Error",
        "type": PROBLEMS_NOT_FOUND,
        "detail": f"Could not find {kind} with {operation.batch_parameter}: [{key}].",
        "resource_type": kind,
        "parameter": operation.batch_parameter,
        "resource_id": key,
        "value": key,
    }


def analytics_body(
    operation: spec.Operation,
    instance: Mapping[str, Any],
    hours: Sequence[datetime],
    granularity: str,
    unavailable_suffix: str,
    *,
    start: datetime,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A PostsAnalyticsResponse or MediaAnalyticsResponse: each available item's counters over
    `hours` (flat, stamped `start`) and per bucket (`timestamped_metrics`, each stamped with its first
    hour), only the
    fields asked for (the item's key always); unavailable ids as resource-not-found problems.
    Every counter is a sum of the same hourly figures the insights and Enterprise bodies serve."""
    available, unavailable = split_available(instance[operation.batch_parameter], unavailable_suffix)
    fields = analytics_fields(operation, instance)
    counters = [f for f in fields if f not in STRUCTURAL]
    key_field = ANALYTICS_KEY[operation.variant]
    buckets = data.buckets(hours, ANALYTICS_BUCKETS[granularity])
    items = []
    for key in available:
        item: dict[str, Any] = {key_field: key}
        if "timestamp" in fields:
            item["timestamp"] = iso(start)  # the start of the range (an item's one bucket)
        for name in counters:
            item[name] = data.total_count(key, name, hours, now)
        if "timestamped_metrics" in fields:
            item["timestamped_metrics"] = [
                {
                    "timestamp": iso(first),
                    "metrics": {name: data.total_count(key, name, members, now) for name in counters},
                }
                for first, members in buckets
            ]
        items.append(item)
    body: dict[str, Any] = {}
    if items:
        body["data"] = items
    if unavailable:
        body["errors"] = [not_found(operation, key) for key in unavailable]
    return body
