"""A result is checked against the question that produced it: nothing asked for goes missing
unnoticed, and nothing the server sent is dropped."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer

JSON = {"content-type": "application/json"}
V2: dict[str, Any] = {"tweet_ids": ["1", "2"], "granularity": "Hourly", "requested_metrics": ["Likes", "Replies"]}
ENT: dict[str, Any] = {
    "tweet_ids": ["1", "2"],
    "engagement_types": ["impressions", "favorites"],
    "groupings": {"g": {"group_by": ["tweet.id", "engagement.type"]}},
}


def client(server: ScriptedServer) -> xe.Client:
    return xe.Client(
        bearer_token="t", oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=server.url, retry=xe.RetryPolicy.disabled()
    )


def enterprise(server: ScriptedServer, body: dict[str, Any], **arguments: Any) -> xe.EngagementResult:
    server.reply(Reply(200, json.dumps(body).encode(), JSON))
    return client(server).get_engagement_28hr(**{**ENT, **arguments})


def v2(server: ScriptedServer, body: dict[str, Any], **arguments: Any) -> xe.InsightsResult:
    server.reply(Reply(200, json.dumps(body).encode(), JSON))
    return client(server).get_insights_28hr(**{**V2, **arguments})


def point(tweet_id: str, when: str, **metrics: float) -> dict[str, Any]:
    values = [{"metric_type": k, "metric_value": v} for k, v in metrics.items()]
    return {"tweet_id": tweet_id, "value": {"metric_values": values, "timestamp": {"iso8601_time": when}}}


def total(tweet_id: str, **metrics: float) -> dict[str, Any]:
    return {"tweet_id": tweet_id, "value": [{"metric_type": k, "metric_value": v} for k, v in metrics.items()]}


def measured(*series: dict[str, Any], totals: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    measurement: dict[str, Any] = {"metrics_time_series": list(series)}
    if totals is not None:
        measurement["metrics_total"] = totals
    return {"data": [{"measurement": measurement}]}


# --- Enterprise ---------------------------------------------------------------------------------


def test_an_answer_under_another_grouping_name_is_kept_and_makes_the_result_incomplete(server: ScriptedServer) -> None:
    other = {"1": {"impressions": "5", "favorites": "1"}, "2": {"impressions": "7", "favorites": "0"}}
    with pytest.warns(xe.UnexpectedDataWarning, match=r"\$\.other") as caught:
        result = enterprise(server, {"other": other})
    ours = [w for w in caught if issubclass(w.category, xe.UnexpectedDataWarning)]  # not a stray ResourceWarning
    assert ours[0].filename == __file__  # the warning points at the caller, not at the package
    assert result.groupings == {}
    assert result.missing_groupings == ["g"]
    assert result.missing_tweet_ids == ["1", "2"]
    assert result.extra == {"$.other": other}
    assert not result.complete


def test_a_new_top_level_field_is_kept_without_costing_the_result(server: ScriptedServer) -> None:
    body = {"g": {"1": {"impressions": "5"}, "2": {"impressions": "6"}}, "next_token": "abc", "odd key": [1]}
    with pytest.warns(xe.UnexpectedDataWarning):
        result = enterprise(server, body)
    assert result.groupings == {"g": {"1": {"impressions": 5}, "2": {"impressions": 6}}}
    assert result.extra == {"$.next_token": "abc", '$["odd key"]': [1]}
    assert result.complete


def test_a_requested_post_absent_from_the_data_is_listed(server: ScriptedServer) -> None:
    result = enterprise(server, {"g": {"1": {"impressions": "5", "favorites": "2"}}})
    assert result.missing_tweet_ids == ["2"]
    assert not result.complete


def test_unavailable_posts_are_accounted_for_and_explain_an_absent_grouping(server: ScriptedServer) -> None:
    result = enterprise(server, {"unavailable_tweet_ids": ["1", "2"], "errors": ["2 Tweet ID(s) are unavailable"]})
    assert result.missing_tweet_ids == []
    assert result.missing_groupings == []
    assert not result.complete  # still incomplete: the posts are unavailable


def test_a_grouping_without_post_level_is_an_aggregate_of_every_post(server: ScriptedServer) -> None:
    result = enterprise(
        server, {"totals": {"impressions": "12"}}, groupings={"totals": {"group_by": ["engagement.type"]}}
    )
    assert result.missing_tweet_ids == []
    assert result.complete


def test_unrequested_engagement_types_stay_in_the_tree_and_are_named(server: ScriptedServer) -> None:
    body = {"g": {"1": {"impressions": "5", "retweets": "1"}, "2": {"favorites": "3"}}}
    result = enterprise(server, body)
    assert result.unrequested_types == ["retweets"]
    assert result.groupings["g"]["1"]["retweets"] == 1


def test_rows_of_an_unrequested_grouping_is_a_key_error_naming_the_requested_ones(server: ScriptedServer) -> None:
    result = enterprise(server, {"g": {"1": {"impressions": "5"}, "2": {"impressions": "6"}}})
    assert sorted(result.rows("g")) == [(("1", "impressions"), 5), (("2", "impressions"), 6)]
    with pytest.raises(KeyError, match="no grouping 'hourly' was requested; requested: 'g'"):
        list(result.rows("hourly"))


def test_grouping_names_needing_escapes_still_keep_unrequested_keys(server: ScriptedServer) -> None:
    name = 'say "hi"'
    body = {name: {"1": {"impressions": "5"}, "2": {"impressions": "6"}}, "extra": {"1": "2"}}
    with pytest.warns(xe.UnexpectedDataWarning):
        result = enterprise(server, body, groupings={name: {"group_by": ["tweet.id", "engagement.type"]}})
    assert result.groupings[name]["2"] == {"impressions": 6}
    assert result.extra == {"$.extra": {"1": "2"}}


# --- v2 -------------------------------------------------------------------------------------------


def test_v2_timestamps_are_aware_datetimes_and_counts_are_ints(server: ScriptedServer) -> None:
    body = measured(
        point("1", "2026-11-22T14:00:00.000Z", Likes=23.0, Replies=1),
        point("2", "2026-11-22T14:00:00Z", Likes=2.5, Replies=0),
        totals=[total("1", Likes=23.0, Replies=1), total("2", Likes=2.5, Replies=0)],
    )
    result = v2(server, body)
    points = list(result.time_series())
    assert points[0] == xe.MetricPoint("1", datetime(2026, 11, 22, 14, tzinfo=UTC), "Likes", 23)
    assert type(points[0].value) is int and points[0].timestamp.tzinfo is not None
    assert points[2].value == 2.5
    assert result.totals() == {"1": {"Likes": 23, "Replies": 1}, "2": {"Likes": 2.5, "Replies": 0}}
    assert type(result.totals()["1"]["Likes"]) is int
    # 2.5 is no count: kept as sent, named, and the result is not complete (23.0 is a count)
    assert [(c.value, c.reason) for c in result.invalid_counts] == [(2.5, "fractional")] * 2
    assert not result.complete


def test_a_v2_timestamp_that_is_not_iso_8601_is_a_decode_error_keeping_the_body(server: ScriptedServer) -> None:
    body = json.dumps(measured(point("1", "yesterday at noon", Likes=1))).encode()
    server.reply(Reply(200, body, JSON))
    with pytest.raises(xe.ResponseDecodeError, match="datetime") as caught:
        client(server).get_insights_28hr(**V2)
    assert caught.value.content == body


def test_a_v2_timestamp_without_offset_is_read_as_utc(server: ScriptedServer) -> None:
    result = v2(server, measured(point("1", "2026-11-22T14:00:00", Likes=1, Replies=1)), tweet_ids=["1"])
    assert next(result.time_series()).timestamp == datetime(2026, 11, 22, 14, tzinfo=UTC)


def test_missing_posts_and_metrics_are_listed_and_make_the_result_incomplete(server: ScriptedServer) -> None:
    result = v2(server, measured(point("1", "2026-11-22T14:00:00Z", Likes=1)))
    assert result.missing_tweet_ids == ["2"]
    assert result.missing_metrics == {"1": ["Replies"]}
    assert not result.complete


def test_posts_explained_by_a_per_post_error_are_not_missing(server: ScriptedServer) -> None:
    body = measured(point("1", "2026-11-22T14:00:00Z", Likes=1, Replies=2))
    body["data"][0]["errors"] = [{"error": "not found", "tweets": ["2"]}]
    result = v2(server, body)
    assert result.missing_tweet_ids == []
    assert not result.complete  # the per-post error itself


def test_without_measurement_in_engagement_fields_no_post_is_missing(server: ScriptedServer) -> None:
    result = v2(server, {"data": [{"errors": []}]}, engagement_fields=["errors"])
    assert result.missing_tweet_ids == []
    assert result.complete


def test_unknown_metric_names_are_kept_in_the_data_and_named(server: ScriptedServer) -> None:
    body = measured(
        point("1", "2026-11-22T14:00:00Z", Likes=1, Replies=1, Bookmarks=4), totals=[total("1", Bookmarks=4)]
    )
    result = v2(server, body, tweet_ids=["1"])
    assert result.unrequested_metrics == ["Bookmarks"]
    assert ("Bookmarks", 4) in [(p.metric, p.value) for p in result.time_series()]
    assert result.totals()["1"]["Bookmarks"] == 4


def test_unknown_v2_fields_at_any_depth_are_kept_with_their_path(server: ScriptedServer) -> None:
    body = measured(point("1", "2026-11-22T14:00:00Z", Likes=1, Replies=1))
    body["meta"] = {"result_count": 1}
    body["data"][0]["measurement"]["metrics_time_series"][0]["value"]["timestamp"]["granularity"] = "hour"
    with pytest.warns(xe.UnexpectedDataWarning, match=r"\$\.meta"):
        result = v2(server, body, tweet_ids=["1"])
    assert result.extra == {
        "$.data[0].measurement.metrics_time_series[0].value.timestamp.granularity": "hour",
        "$.meta": {"result_count": 1},
    }
    assert [p.value for p in result.time_series()] == [1, 1]
    assert result.complete


def test_a_result_without_additions_warns_nothing(server: ScriptedServer) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = v2(server, measured(point("1", "2026-11-22T14:00:00Z", Likes=1, Replies=1)), tweet_ids=["1"])
    assert result.extra == {}


def test_a_problem_with_unknown_members_still_gets_its_class(server: ScriptedServer) -> None:
    problem = {
        "type": "https://api.twitter.com/2/problems/invalid-request",
        "title": "Invalid Request",
        "detail": "bad",
        "status": 400,
        "trace_id": "abc",
    }
    server.reply(Reply(400, json.dumps(problem).encode(), {"content-type": "application/problem+json"}))
    with pytest.raises(xe.errors.InvalidRequestProblem) as caught:
        client(server).get_insights_28hr(**V2)
    assert caught.value.problem is not None and caught.value.problem.detail == "bad"


# --- batches --------------------------------------------------------------------------------------


def test_a_merged_batch_is_accounted_against_every_requested_post() -> None:
    from tests.support.server import Received, scripted_server

    def answer(got: Received) -> Reply:
        ids = json.loads(got.body)["tweet_ids"]
        kept = [i for i in ids if i != "30"]  # the server forgets one post of the second chunk
        body = {"g": {i: "1" for i in kept}, "note": len(ids)}
        return Reply(200, json.dumps(body).encode(), JSON)

    ids = [str(i) for i in range(1, 41)]
    with (
        scripted_server(answer) as api,
        xe.Client(oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=api.url) as c,
        pytest.warns(xe.UnexpectedDataWarning),
    ):
        batch = c.batch.get_engagement_28hr(
            tweet_ids=ids, engagement_types=["impressions"], groupings={"g": {"group_by": ["tweet.id"]}}
        )
    merged = batch.merged
    assert merged is not None
    assert merged.missing_tweet_ids == ["30"]
    assert not merged.complete and not batch.complete
    assert merged.extra == {"chunk 0: $.note": 25, "chunk 1: $.note": 15}


# --- the README's first v2 example, against the mock ------------------------------------------------


def test_the_readme_v2_example_prints_what_it_says(x_mock: Any) -> None:
    with xe.Client(**x_mock.client_kwargs()) as c:
        result = c.get_insights_28hr(
            tweet_ids=["1346889436626259968", "20"],
            granularity="Hourly",
            requested_metrics=["Impressions", "Likes", "Replies"],
            engagement_fields=["errors", "measurement"],
        )
    points = list(result.time_series())
    assert {p.tweet_id for p in points} == {"1346889436626259968", "20"}
    assert all(p.timestamp.tzinfo is not None and type(p.value) is int for p in points)
    totals = result.totals()
    assert set(totals) == {"1346889436626259968", "20"}
    assert all(set(metrics) == {"Impressions", "Likes", "Replies"} for metrics in totals.values())
    assert result.complete and not result.missing_tweet_ids and not result.extra


# --- counts no count can be ---------------------------------------------------------------------


def test_negative_fractional_and_beyond_int64_v2_counts_are_named_and_cost_completeness(server: ScriptedServer) -> None:
    body = measured(
        point("1", "2026-11-01T05:00:00Z", Likes=-3, Replies=2.5),
        point("2", "2026-11-01T05:00:00Z", Likes=2**63, Replies=4),
        totals=[total("1", Likes=7, Replies=1), total("2", Likes=9, Replies=-1)],
    )
    result = v2(server, body)
    at = "$.data[0].measurement"
    assert result.invalid_counts == [
        xe.InvalidCount(f"{at}.metrics_total[1].value[1].metric_value", -1, "negative"),
        xe.InvalidCount(f"{at}.metrics_time_series[0].value.metric_values[0].metric_value", -3, "negative"),
        xe.InvalidCount(f"{at}.metrics_time_series[0].value.metric_values[1].metric_value", 2.5, "fractional"),
        xe.InvalidCount(
            f"{at}.metrics_time_series[1].value.metric_values[0].metric_value", 2**63, "beyond 64-bit integers"
        ),
    ]
    assert not result.complete
    # They stay in the data as sent; rows keep them (a fractional one rounded).
    values = {(r.post_id, r.source_metric, r.granularity): r.value for r in result.to_rows()}
    assert values[("1", "Likes", "hour")] == -3 and values[("2", "Likes", "hour")] == 2**63
    assert values[("1", "Replies", "hour")] == 2


def test_an_enterprise_count_beyond_int64_is_named_and_costs_completeness(server: ScriptedServer) -> None:
    result = enterprise(server, {"g": {"1": {"impressions": "9223372036854775808", "favorites": "2"},
                                       "2": {"impressions": "5", "favorites": "9223372036854775807"}}})  # fmt: skip
    assert result.invalid_counts == [xe.InvalidCount('$["g"]["1"]["impressions"]', 2**63, "beyond 64-bit integers")]
    assert not result.complete
    assert dict(result.rows("g"))[("1", "impressions")] == 2**63


def test_a_valid_answer_has_no_invalid_counts(server: ScriptedServer) -> None:
    result = v2(server, measured(point("1", "2026-11-01T05:00:00Z", Likes=0, Replies=2**53),
                                 point("2", "2026-11-01T05:00:00Z", Likes=1, Replies=1)))  # fmt: skip
    assert result.invalid_counts == [] and result.complete
