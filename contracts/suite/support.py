"""Helpers of the hand-written tests: valid inputs built from the spec, wire requests, verdicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

import x_engagement
from contracts import spec
from contracts.spec import Operation
from contracts.target import SAMPLE_TWEET_IDS, Target


def operation_ids() -> list[str]:
    """Every operationId, in spec order: what the suite's tests are parametrized over."""
    return list(spec.operations())


def call_client(client: x_engagement.Client, operation: Operation, instance: dict[str, Any]) -> Any:
    """Call the generated client's method for `operation` with a wire-named input."""
    method = getattr(client, operation.method_name)
    return method(**{operation.argument_names[name]: value for name, value in instance.items()})


def enum_of(schema: dict[str, Any], name: str) -> list[Any]:
    """The enum of the `$defs` entry `name` of a bundled schema."""
    return list(schema["$defs"][name]["enum"])


def recent_window(now: datetime | None = None) -> tuple[str, str]:
    """Two days ending a day ago: inside every documented limit."""
    end = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    return (end - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


def valid_input(operation: Operation, tweet_ids: tuple[str, ...] = ()) -> dict[str, Any]:
    """A request the spec and its rules accept, by wire name (arrays as lists)."""
    ids = list(tweet_ids or SAMPLE_TWEET_IDS)
    start, end = recent_window()
    if operation.is_analytics:
        return analytics_input(operation, ids, start, end)
    if operation.body_schema is None:
        params = {p.name: p for p in operation.parameters}
        instance: dict[str, Any] = {
            operation.batch_parameter: ids,
            "granularity": "Total",
            operation.metrics_parameter: enum_of(params[operation.metrics_parameter].schema, "V2Metric")[:3],
        }
        if "start_time" in params:
            instance.update(start_time=start, end_time=end)
        return instance
    properties = operation.body_schema["$defs"][operation.body_schema["$ref"].rsplit("/", 1)[1]]["properties"]
    type_schema = properties[operation.metrics_parameter]["items"]["$ref"].rsplit("/", 1)[1]
    instance = {
        operation.batch_parameter: ids,
        operation.metrics_parameter: enum_of(operation.body_schema, type_schema)[:3],
        "groupings": {"by-tweet": {"group_by": ["tweet.id", "engagement.type"]}},
    }
    if "start" in properties:
        instance.update(start=start, end=end)
    return instance


def analytics_input(operation: Operation, ids: list[str], start: str, end: str) -> dict[str, Any]:
    """Post or media analytics: the ids (as media keys for media), daily buckets, the key field,
    timestamps and buckets and three counters."""
    parameter = next(p for p in operation.parameters if p.name == operation.metrics_parameter)
    fields = enum_of(parameter.schema, parameter.schema["items"]["$ref"].rsplit("/", 1)[1])
    structural = [f for f in fields if f in STRUCTURAL]
    counters = [f for f in fields if f not in STRUCTURAL][:3]
    keys = ids if operation.variant == "analytics" else [media_key(i) for i in ids]
    return {
        operation.batch_parameter: keys,
        "start_time": start,
        "end_time": end,
        "granularity": "daily",
        operation.metrics_parameter: [*structural, *counters],
    }


STRUCTURAL = frozenset({"id", "media_key", "timestamp", "timestamped_metrics"})


def media_key(post_id: str) -> str:
    """A media key for a post id (video, `13_<id>`); a media key stays as it is."""
    return post_id if "_" in post_id else f"13_{post_id}"


def wire_request(operation: Operation, target: Target, instance: dict[str, Any], sign: bool = True) -> httpx.Request:
    """The request for `instance`: v2 arrays comma-joined in the query, Enterprise a JSON body."""
    url = target.server(operation) + operation.path
    if operation.body_schema is None:
        params = {k: ",".join(v) if isinstance(v, list) else v for k, v in instance.items()}
        request = httpx.Request(operation.method, url, params=params, headers={"accept": "application/json"})
    else:
        request = httpx.Request(operation.method, url, json=instance, headers={"accept": "application/json"})
    if sign:
        target.authorize(request, operation)
    return request
