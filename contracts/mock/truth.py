"""The mock's ground truth: what any (post, metric, hour) counts as seen at any "now".

Every figure the mock serves, in either variant and at any granularity, is a sum of `value`s at
the request's "now", so a test can compare what a collector stored with this module instead of
with another request:

    from contracts.mock import truth
    truth.value("20", "Likes", hour, now)          # v2 name, its Enterprise type "favorites",
                                                   # or its post analytics field "likes"
    truth.value("3_20", "playback25", hour, now)   # a media key's media analytics counter
    truth.visible(["20", "21"], ["Likes"], now)    # every hour the /28hr endpoints show at `now`
    truth.history(["20"], ["Likes"], poll_times)   # what polling at those times sees, revisions included

Counts grow for SETTLE_HOURS whole hours after their hour ends (late revisions), then stay
`final_value`. Metric names are the spec's: v2 metrics, Enterprise engagement types and the counters
of post and media analytics (names the spec's crosswalk pairs have the same figures). A media key's
counters are drawn like a post's, keyed by the media key. Ids that the mock
reports unavailable (X_MOCK_UNAVAILABLE_SUFFIX) are not served, whatever this module says.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from contracts import spec
from contracts.mock import data, shape
from contracts.mock.clock import aware_utc

SETTLE_HOURS = data.SETTLE_HOURS
HOUR = data.HOUR


def _resolved(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """`node` with local `#/$defs/...` references followed (bundled schemas use nothing else)."""
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[1]]
    return node


def _enum(array_schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """The values of an array-of-enum schema."""
    return list(_resolved(_resolved(array_schema, defs).get("items", {}), defs).get("enum", ()))


@functools.cache
def metric_names(variant: str | None = None) -> frozenset[str]:
    """The metric names the spec gives `variant`'s metrics parameter ("v2", "enterprise", "analytics",
    "media"; None: all), without the structural fields of analytics (id, timestamp, ...)."""
    names: set[str] = set()
    for operation in spec.operations().values():
        if variant is not None and operation.variant != variant:
            continue
        if operation.body_schema is None:
            parameter = next(p for p in operation.parameters if p.name == operation.metrics_parameter)
            names.update(_enum(parameter.schema, parameter.schema.get("$defs", {})))
        else:
            defs = operation.body_schema.get("$defs", {})
            body = _resolved(operation.body_schema, defs)
            names.update(_enum(body["properties"][operation.metrics_parameter], defs))
    return frozenset(names - shape.STRUCTURAL)


def _metric(metric: str) -> str:
    if metric not in metric_names():
        raise ValueError(
            f"unknown metric {metric!r}: expected a v2 metric, an Enterprise engagement type or an"
            " analytics counter of the spec"
        )
    return metric


def _hour(bucket_start: datetime) -> datetime:
    moment = aware_utc(bucket_start, "bucket_start")
    if moment != data.floor_hour(moment):
        raise ValueError(f"bucket_start: {moment.isoformat()} is not on a whole hour")
    return moment


def value(post_id: str, metric: str, bucket_start: datetime, now: datetime) -> int:
    """The count of `metric` for `post_id` in the hour starting at `bucket_start`, as the mock
    serves it at `now` (0 for an hour that has not begun; partial for the running hour)."""
    return data.seen_count(post_id, _metric(metric), _hour(bucket_start), aware_utc(now, "now"))


def final_value(post_id: str, metric: str, bucket_start: datetime) -> int:
    """The count once revisions are over (from `settled_at(bucket_start)` on)."""
    return data.seen_count(post_id, _metric(metric), _hour(bucket_start), None)


def settled_at(bucket_start: datetime) -> datetime:
    """The first moment at which the hour's counts are final."""
    return _hour(bucket_start) + HOUR + timedelta(hours=SETTLE_HOURS)


def window(now: datetime) -> list[datetime]:
    """The starts of the hours the /28hr endpoints (both variants) show at `now`, oldest first."""
    return data.hours(*data.window_28hr(aware_utc(now, "now")))


def visible(post_ids: Iterable[str], metrics: Iterable[str], now: datetime) -> dict[tuple[str, str, datetime], int]:
    """(post id, metric, hour start) -> value at `now`, for every hour of the 28-hour window at `now`."""
    hours, names = window(now), [_metric(m) for m in metrics]
    moment = aware_utc(now, "now")
    return {
        (post_id, metric, hour): data.seen_count(post_id, metric, hour, moment)
        for post_id in post_ids
        for metric in names
        for hour in hours
    }


def history(
    post_ids: Iterable[str], metrics: Iterable[str], polls: Iterable[datetime]
) -> dict[tuple[str, str, datetime], list[tuple[datetime, int]]]:
    """What a collector polling /28hr at each of `polls` sees: (post id, metric, hour start) ->
    [(the first poll that saw a value, the value), ...] in time order, a new entry only when the
    value changed (a revision). The last entry of each is what the collector should hold now."""
    ids, names = list(post_ids), [_metric(m) for m in metrics]
    seen: dict[tuple[str, str, datetime], list[tuple[datetime, int]]] = {}
    for poll in sorted(aware_utc(p, "polls") for p in polls):
        for key, count in visible(ids, names, poll).items():
            entries = seen.setdefault(key, [])
            if not entries or entries[-1][1] != count:
                entries.append((poll, count))
    return seen
