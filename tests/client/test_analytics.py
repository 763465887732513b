"""Post and media analytics (X v2.167): validation before any request, accountability of every
requested id, nulls apart from zeros, string media counters kept, batching, rows and the
deprecation of the insights operations."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer
from x_engagement import _call

JSON = {"content-type": "application/json"}
RANGE: dict[str, Any] = {
    "start_time": datetime(2026, 7, 20, 0, tzinfo=UTC),
    "end_time": datetime(2026, 7, 20, 2, tzinfo=UTC),
}


def client(server: ScriptedServer) -> xe.Client:
    return xe.Client(bearer_token="t", base_url=server.url, retry=xe.RetryPolicy.disabled())


def post(post_id: str, likes: int | None, **extra: Any) -> dict[str, Any]:
    buckets = [
        {"timestamp": "2026-07-20T00:00:00Z", "metrics": {"likes": likes, "impressions": 10}},
        {"timestamp": "2026-07-20T01:00:00Z", "metrics": {"likes": 0, "impressions": 5}},
    ]
    return {"id": post_id, "likes": likes, "impressions": 15, "timestamped_metrics": buckets, **extra}


def test_posts_analytics_accounts_for_every_id_and_keeps_null_apart_from_zero(server: ScriptedServer) -> None:
    problem = {"type": "https://api.x.com/2/problems/resource-not-found", "title": "Not Found Error",
               "detail": "Could not find post with ids: [3].", "resource_type": "tweet", "resource_id": "3"}  # fmt: skip
    body = {"data": [post("1", None), post("2", 4)], "errors": [problem]}
    server.reply(Reply(200, json.dumps(body).encode(), JSON))
    result = client(server).get_posts_analytics(
        ids=["1", "2", "3", "4"], granularity="hourly", analytics_fields=["likes", "impressions", "bookmarks"], **RANGE
    )
    assert isinstance(result, xe.AnalyticsResult)
    sent = dict(server.received[0].query)
    assert sent["ids"] == "1,2,3,4" and sent["start_time"] == "2026-07-20T00:00:00Z"
    assert sent["analytics.fields"] == "likes,impressions,bookmarks"
    assert result.missing_ids == ["4"]  # 3 is named by the problem's resource_id
    assert result.missing_metrics == {"1": ["bookmarks"], "2": ["bookmarks"]}
    assert not result.complete
    assert [(n.key, n.bucket, n.field) for n in result.null_counters] == [
        ("1", None, "likes"),
        ("1", "2026-07-20T00:00:00Z", "likes"),
    ]
    rows = {(r.post_id, r.metric, r.granularity, r.start): r.value for r in result.to_rows()}
    hour = datetime(2026, 7, 20, 1, tzinfo=UTC)
    assert rows[("1", "likes", "hour", hour)] == 0  # a zero is a row
    assert ("1", "likes", "hour", datetime(2026, 7, 20, 0, tzinfo=UTC)) not in rows  # a null is not
    assert rows[("2", "likes", "total", None)] == 4
    assert {r.variant for r in result.to_rows()} == {"analytics"}


def test_media_string_counters_stay_strings_and_are_reported(server: ScriptedServer) -> None:
    item = {"media_key": "7_100", "video_views": "1.2K", "playback25": 3,
            "timestamped_metrics": [{"timestamp": "2026-07-20T00:00:00Z",
                                     "metrics": {"video_views": "n/a", "playback25": 3, "watch_time_ms": None}}]}  # fmt: skip
    server.reply(Reply(200, json.dumps({"data": [item]}).encode(), JSON))
    result = client(server).get_media_analytics(media_keys=["7_100"], **RANGE)
    assert result.requested.granularity == "daily"  # the spec's default
    assert result.data[0].video_views == "1.2K"
    assert [(n.bucket, n.field, n.value) for n in result.string_counters] == [
        (None, "video_views", "1.2K"),
        ("2026-07-20T00:00:00Z", "video_views", "n/a"),
    ]
    assert [n.field for n in result.null_counters] == ["watch_time_ms"]
    rows = result.to_rows()
    assert {(r.metric, r.source_metric, r.granularity, r.value) for r in rows} == {
        ("video_played_25_percent", "playback25", "day", 3),
        ("video_played_25_percent", "playback25", "total", 3),
    }
    assert result.complete


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ({"ids": ["x1"]}, "ids[0]"),
        ({"ids": [str(i) for i in range(101)]}, "ids"),
        ({"ids": ["1"], "granularity": "monthly"}, "granularity"),
        ({"ids": ["1"], "start_time": datetime(2026, 7, 21, tzinfo=UTC)}, "start_time"),
    ],
)
def test_bad_arguments_fail_before_any_request(
    server: ScriptedServer, arguments: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(xe.InvalidRequest) as caught:
        client(server).get_posts_analytics(**{**RANGE, **arguments})
    assert fragment in str(caught.value)
    assert server.received == []


def test_media_keys_follow_the_pattern_and_weekly_is_refused(server: ScriptedServer) -> None:
    with pytest.raises(xe.InvalidRequest, match="media_keys"):
        client(server).get_media_analytics(media_keys=["7-100"], **RANGE)
    with pytest.raises(xe.InvalidRequest, match="granularity"):
        client(server).get_media_analytics(media_keys=["7_100"], granularity="weekly", **RANGE)  # type: ignore[arg-type]
    assert server.received == []


def test_batch_splits_beyond_100_ids_and_merges(server: ScriptedServer) -> None:
    def answer(received: Any) -> Reply:
        ids = dict(received.query)["ids"].split(",")
        return Reply(200, json.dumps({"data": [post(i, 1) for i in ids]}).encode(), JSON)

    server.default = answer
    ids = [str(i) for i in range(1, 251)]
    batch = client(server).batch.get_posts_analytics(ids=ids, granularity="hourly", **RANGE)
    assert sorted(len(dict(r.query)["ids"].split(",")) for r in server.received) == [50, 100, 100]
    merged = batch.merged
    assert batch.failures == []
    assert merged is not None and merged.missing_ids == [] and batch.complete
    assert {r.post_id for r in batch.to_rows()} == set(ids)


def test_async_client_has_the_same_methods(server: ScriptedServer) -> None:
    server.reply(Reply(200, json.dumps({"data": [post("1", 2)]}).encode(), JSON))

    async def fetch() -> xe.AnalyticsResult:
        async with xe.AsyncClient(bearer_token="t", base_url=server.url, retry=xe.RetryPolicy.disabled()) as aclient:
            return await aclient.get_posts_analytics(ids=["1"], **RANGE)

    result = asyncio.run(fetch())
    assert result.complete and result.requested.granularity == "total"


def test_insights_calls_warn_once_per_process(server: ScriptedServer) -> None:
    _call._WARNED.discard("getInsights28hr")
    body = {"data": [{"measurement": {"metrics_total": [{"tweet_id": "1", "value": [{"metric_type": "Likes", "metric_value": 1}]}]}}]}  # fmt: skip
    server.default = lambda _: Reply(200, json.dumps(body).encode(), JSON)
    arguments: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client(server).get_insights_28hr(**arguments)
        client(server).get_insights_28hr(**arguments)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1
    assert "v2.167" in str(deprecations[0].message) and deprecations[0].filename == __file__


@pytest.mark.subprocess
def test_cli_help_of_insights_subcommands_says_deprecated() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "x_engagement._cli", "get-insights-28hr", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "DEPRECATED" in out and "v2.167" in out


@pytest.mark.subprocess
def test_cli_fetch_variant_analytics_asks_for_the_range_and_writes_rows(server: ScriptedServer) -> None:
    server.reply(Reply(200, json.dumps({"data": [post("1", 3), post("2", 5)]}).encode(), JSON))
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    env |= {"X_BEARER_TOKEN": "t", "X_API_BASE_URL": server.url}
    done = subprocess.run(
        [sys.executable, "-m", "x_engagement._cli", "fetch", "1", "2", "--variant", "analytics", "-m", "likes",
         "--since", "2026-07-20T00:00:00Z", "--until", "2026-07-20T02:00:00Z", "--format", "jsonl"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    query = dict(server.received[0].query)
    assert query["start_time"] == "2026-07-20T00:00:00Z" and query["end_time"] == "2026-07-20T02:00:00Z"
    assert query["granularity"] == "hourly" and "likes" in query["analytics.fields"].split(",")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert {(r["post_id"], r["variant"], r["granularity"]) for r in rows if r["metric"] == "likes"} >= {
        ("1", "analytics", "hour"),
        ("2", "analytics", "hour"),
    }


def test_cli_variant_lists_and_media_alone(server: ScriptedServer) -> None:
    from x_engagement._cli.fetch import parse_variants

    assert parse_variants("both") == ("v2", "enterprise")
    assert parse_variants("all") == ("v2", "enterprise", "analytics")
    assert parse_variants("analytics,v2") == ("analytics", "v2")
    with pytest.raises(argparse.ArgumentTypeError, match="media"):
        parse_variants("media,v2")
