"""Property: for any well-formed answer of either API, the rows say exactly what the body says.

Bodies are generated as JSON, served by a real HTTP server on 127.0.0.1 and decoded by the client;
the rows are then compared with the generated body itself (not with the client's other views).
"""

from __future__ import annotations

import io
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import x_engagement as xe
from tests.support.server import Reply, scripted_server
from x_engagement import _spec, table
from x_engagement.models import EngagementType, Granularity, GroupBy, V2Metric

# _spec's tables hold the spec's enum values as plain str: cast to the client's parameter types.
V2_METRICS = cast(list[V2Metric], sorted(v for v in _spec.METRIC_V2.values() if v))
ENTERPRISE_TYPES = cast(
    list[EngagementType], sorted({t for types in _spec.METRIC_ENTERPRISE.values() for t in types} - {"quote_tweets"})
)
POSTS = st.lists(st.from_regex(r"[1-9][0-9]{0,18}", fullmatch=True), min_size=1, max_size=4, unique=True)
COUNTS = st.integers(0, 2**53)
V2_COUNTS = COUNTS | COUNTS.map(float)  # v2 sends JSON numbers: 7 or 7.0
STEPPED: list[Granularity] = ["Hourly", "Daily", "Weekly"]
BASE = datetime(2026, 11, 21, tzinfo=UTC)
GROUP_BYS: list[list[GroupBy]] = [
    ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"],
    ["engagement.type", "tweet.id", "engagement.day", "engagement.hour"],
    ["tweet.id", "engagement.type", "engagement.hour"],
    ["tweet.id", "engagement.type", "engagement.day"],
    ["engagement.type", "tweet.id"],
    ["engagement.type"],
    ["engagement.type", "engagement.day"],
    ["engagement.hour", "engagement.type", "tweet.id"],
    ["engagement.day", "tweet.id", "engagement.type"],
    ["tweet.id", "engagement.hour", "engagement.type"],
]


@st.composite
def v2_bodies(draw: st.DrawFn) -> tuple[dict[str, Any], list[str], list[V2Metric]]:
    posts = draw(POSTS)
    metrics = draw(st.lists(st.sampled_from(V2_METRICS), min_size=1, max_size=4, unique=True))
    hours = draw(st.lists(st.integers(0, 60), max_size=5, unique=True))
    series = [
        {
            "tweet_id": post,
            "value": {
                "timestamp": {"iso8601_time": (BASE + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S.000Z")},
                "metric_values": [{"metric_type": m, "metric_value": draw(V2_COUNTS)} for m in metrics],
            },
        }
        for post in posts
        for h in hours
    ]
    totals = [
        {"tweet_id": post, "value": [{"metric_type": m, "metric_value": draw(V2_COUNTS)} for m in metrics]}
        for post in posts
    ]
    measurement: dict[str, Any] = {"metrics_total": totals}
    if series:
        measurement["metrics_time_series"] = series
    return {"data": [{"measurement": measurement}]}, posts, metrics


@st.composite
def enterprise_bodies(draw: st.DrawFn) -> tuple[dict[str, Any], list[str], list[EngagementType], list[GroupBy]]:
    posts = draw(POSTS)
    types = draw(st.lists(st.sampled_from(ENTERPRISE_TYPES), min_size=1, max_size=3, unique=True))
    group_by = draw(st.sampled_from(GROUP_BYS))
    days = draw(st.lists(st.sampled_from(["2026-11-21", "2026-11-22"]), min_size=1, unique=True))
    hours = draw(st.lists(st.sampled_from([f"{h:02d}" for h in range(24)]), min_size=1, max_size=3, unique=True))
    levels = list(group_by)
    if "engagement.hour" in levels and "engagement.day" not in levels:
        levels.insert(levels.index("engagement.hour"), "engagement.day")  # hours always nest under a day
    keys: dict[str, list[str]] = {
        "tweet.id": posts,
        "engagement.type": list(types),
        "engagement.day": days,
        "engagement.hour": hours,
    }

    def tree(depth: int) -> Any:
        if depth == len(levels):
            value = draw(COUNTS)
            return str(value) if draw(st.booleans()) else value  # X sends "551" and sometimes 551
        return {key: tree(depth + 1) for key in keys[levels[depth]]}

    return {"g": tree(0)}, posts, types, group_by


def _client(url: str) -> xe.Client:
    return xe.Client(bearer_token="t", oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=url)


@pytest.mark.slow
def test_v2_rows_say_what_the_body_says() -> None:
    with scripted_server() as server, _client(server.url) as client:

        @settings(max_examples=60, deadline=None, derandomize=True)
        @given(drawn=v2_bodies(), granularity=st.sampled_from(STEPPED))
        def one(drawn: tuple[dict[str, Any], list[str], list[V2Metric]], granularity: Granularity) -> None:
            body, posts, metrics = drawn
            server.default = lambda _: Reply(body=json.dumps(body).encode())
            rows = client.get_insights_28hr(
                tweet_ids=posts, granularity=granularity, requested_metrics=metrics
            ).to_rows()
            step = {"Hourly": timedelta(hours=1), "Daily": timedelta(days=1), "Weekly": timedelta(weeks=1)}[granularity]
            measurement = body["data"][0]["measurement"]
            expected: Counter[tuple[str, str, datetime | None, int | float]] = Counter(
                (p["tweet_id"], m["metric_type"], datetime.fromisoformat(p["value"]["timestamp"]["iso8601_time"]),
                 m["metric_value"])
                for p in measurement.get("metrics_time_series", []) for m in p["value"]["metric_values"]
            )  # fmt: skip
            expected.update((t["tweet_id"], m["metric_type"], None, m["metric_value"])
                            for t in measurement["metrics_total"] for m in t["value"])  # fmt: skip
            assert Counter((r.post_id, r.source_metric, r.start, r.value) for r in rows) == expected
            for r in rows:
                assert r.variant == "v2" and r.metric == table.canonical_metric("v2", r.source_metric)
                assert type(r.value) is int
                assert (r.granularity == "total") == (r.start is None) == (r.end is None)
                # the bucket X counted: up to the next boundary, never into the next point
                assert r.start is None or (
                    r.start.tzinfo is not None and r.end is not None and r.start < r.end <= r.start + step
                )
            spans = sorted({(r.post_id, r.start, r.end) for r in rows if r.start is not None and r.end})
            for (post_a, _, end_a), (post_b, start_b, _) in itertools.pairwise(spans):
                assert post_a != post_b or end_a <= start_b  # one granularity never overlaps
            assert table.read_csv(_csv(rows)) == rows == table.read_jsonl(_jsonl(rows))

        one()


def test_enterprise_rows_say_what_the_body_says() -> None:
    with scripted_server() as server, _client(server.url) as client:

        @settings(max_examples=60, deadline=None, derandomize=True)
        @given(drawn=enterprise_bodies())
        def one(drawn: tuple[dict[str, Any], list[str], list[EngagementType], list[GroupBy]]) -> None:
            body, posts, types, group_by = drawn
            server.default = lambda _: Reply(body=json.dumps(body).encode())
            rows = client.get_engagement_28hr(
                tweet_ids=posts, engagement_types=types, groupings={"g": {"group_by": group_by}}
            ).to_rows()
            expected = Counter(_leaves(body["g"], _nesting(group_by)))
            assert Counter((r.post_id, r.source_metric, r.start, r.value) for r in rows) == expected
            grain = "hour" if "engagement.hour" in group_by else "day" if "engagement.day" in group_by else "total"
            assert {r.granularity for r in rows} == {grain}
            for r in rows:
                assert r.variant == "enterprise" and r.metric == table.canonical_metric("enterprise", r.source_metric)
                assert type(r.value) is int
                assert (r.post_id == table.ALL_POSTS) == ("tweet.id" not in group_by)
            assert table.read_csv(_csv(rows)) == rows == table.read_jsonl(_jsonl(rows))

        one()


def _nesting(group_by: Sequence[str]) -> list[str]:
    levels = list(group_by)
    if "engagement.hour" in levels and "engagement.day" not in levels:
        levels.insert(levels.index("engagement.hour"), "engagement.day")
    return levels


def _leaves(node: Any, levels: list[str], keys: tuple[str, ...] = ()) -> list[tuple[str, str, datetime | None, int]]:
    if isinstance(node, dict):
        return [leaf for key, child in node.items() for leaf in _leaves(child, levels, (*keys, key))]
    at = dict(zip(levels, keys, strict=True))
    start = None
    if "engagement.day" in at:
        start = datetime.fromisoformat(at["engagement.day"]).replace(tzinfo=UTC)
        start += timedelta(hours=int(at.get("engagement.hour", "0")))
    return [(at.get("tweet.id", table.ALL_POSTS), at["engagement.type"], start, int(node))]


def _csv(rows: list[table.Row]) -> io.StringIO:
    out = io.StringIO()
    table.write_csv(rows, out)
    out.seek(0)
    return out


def _jsonl(rows: list[table.Row]) -> io.StringIO:
    out = io.StringIO()
    table.write_jsonl(rows, out)
    out.seek(0)
    return out
