"""Every documented example response parses through the client with no data lost."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import msgspec
import pytest

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer
from tests.support.specs import response_examples

EXAMPLES = response_examples()
OAUTH1 = xe.OAuth1("k", "s", "t", "ts")


def _reassemble(result: xe.EngagementResult) -> dict[str, Any]:
    """The JSON object the result came from, rebuilt from its typed parts."""
    out: dict[str, Any] = {}
    for key in ("start", "end"):
        if getattr(result, key) is not None:
            out[key] = getattr(result, key).isoformat().replace("+00:00", "Z")
    for key in (
        "unavailable_tweet_ids", "unsupported_for_video_views_tweet_ids",
        "unsupported_for_impressions_engagements_tweet_ids", "errors",
    ):  # fmt: skip
        if getattr(result, key):
            out[key] = getattr(result, key)
    out.update(result.groupings)
    return out


def _counts_as_ints(value: dict[str, Any]) -> dict[str, Any]:
    """Grouping leaves come back as ints whether the API sent "551" or 551."""
    fixed = {"start", "end", "errors", "unavailable_tweet_ids", "unsupported_for_video_views_tweet_ids",
             "unsupported_for_impressions_engagements_tweet_ids"}  # fmt: skip

    def leaves(node: Any) -> Any:
        return {k: leaves(v) for k, v in node.items()} if isinstance(node, dict) else int(node)

    return {k: (v if k in fixed else leaves(v)) for k, v in value.items()}


@pytest.mark.parametrize(("operation", "name", "example"), EXAMPLES, ids=[f"{o}-{n}" for o, n, _ in EXAMPLES])
def test_example_round_trips_unchanged(
    server: ScriptedServer, operation: str, name: str, example: dict[str, Any]
) -> None:
    body = json.dumps(example["value"]).encode()
    server.reply(
        Reply(body=gzip.compress(body), headers={"content-type": "application/json", "content-encoding": "gzip"})
    )
    with xe.Client(bearer_token="b", oauth1=OAUTH1, base_url=server.url) as client:
        if operation.startswith("getInsights"):
            kwargs: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]}
            if operation == "getInsightsHistorical":
                kwargs |= {"start_time": "2021-01-01T00:00:00Z", "end_time": "2021-01-02T00:00:00Z"}
            insights = getattr(client, "get_insights_" + operation.removeprefix("getInsights").lower())(**kwargs)
            assert json.loads(msgspec.json.encode(insights.response)) == example["value"]
            return
        if operation in ("getPostsAnalytics", "getMediaAnalytics"):
            start, end = "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"
            if operation == "getPostsAnalytics":
                analytics = client.get_posts_analytics(
                    ids=["1346889436626259968"], granularity="hourly", start_time=start, end_time=end
                )
            else:
                analytics = client.get_media_analytics(
                    media_keys=["13_1346889436626259968"], start_time=start, end_time=end
                )
            assert json.loads(msgspec.json.encode(analytics.response)) == example["value"]  # strings kept as sent
            assert analytics.complete or analytics.string_counters, analytics
            return
        groupings = example["x-groupings"]
        methods: dict[str, Callable[..., xe.EngagementResult]] = {"getEngagement28hr": client.get_engagement_28hr, "getEngagementTotals": client.get_engagement_totals,
                  "getEngagementHistorical": client.get_engagement_historical}  # fmt: skip
        method = methods[operation]
        types = ["impressions"] if operation != "getEngagementTotals" else ["favorites"]
        result = method(tweet_ids=["1"], engagement_types=types, groupings=groupings)
    assert _reassemble(result) == _counts_as_ints(example["value"])
    for grouping, group_by in result.group_by.items():
        depth = len(group_by)
        assert all(len(keys) == depth for keys, _ in result.rows(grouping))


def test_examples_include_a_partial_result_that_is_kept() -> None:
    names = {name for _, name, _ in EXAMPLES}
    assert {"unavailable", "videoViewsUnsupported"} <= names
