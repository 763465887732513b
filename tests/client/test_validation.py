"""Bad input is refused before any network I/O, with every problem named at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import x_engagement as xe
from tests.support.server import ScriptedServer

G4 = ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]
V2_OK: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]}
E_OK: dict[str, Any] = {"tweet_ids": ["1"], "engagement_types": ["impressions"], "groupings": {"g": {"group_by": G4}}}
NOW = datetime.now(UTC).replace(microsecond=0)


def _problems(server: ScriptedServer, method: str, **kwargs: Any) -> list[str]:
    client = xe.Client(bearer_token="t", oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=server.url)
    with pytest.raises(xe.InvalidRequest) as caught:
        getattr(client, method)(**kwargs)
    assert server.received == [], "nothing may be sent for invalid input"
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


CASES = [
    ("get_insights_28hr", {**V2_OK, "tweet_ids": ["12a"]}, "tweet_ids[0]", "does not match"),
    ("get_insights_28hr", {**V2_OK, "tweet_ids": ["1" * 20]}, "tweet_ids[0]", "does not match"),
    ("get_insights_28hr", {**V2_OK, "tweet_ids": [str(i) for i in range(26)]}, "tweet_ids", "at most 25;"),
    ("get_insights_28hr", {**V2_OK, "tweet_ids": []}, "tweet_ids", "less than 1"),
    ("get_insights_28hr", {**V2_OK, "tweet_ids": ["1", "1"]}, "tweet_ids", "non-unique"),
    ("get_insights_28hr", {**V2_OK, "tweet_ids": "12345"}, "tweet_ids", "not of type \"array\""),
    ("get_insights_28hr", {**V2_OK, "tweet_ids": [12345]}, "tweet_ids[0]", "not of type \"string\""),
    ("get_insights_28hr", {**V2_OK, "requested_metrics": ["Clicks"]}, "requested_metrics[0]", "is not one of"),
    ("get_insights_28hr", {**V2_OK, "granularity": "Minutely"}, "granularity", "is not one of"),
    ("get_insights_28hr", {**V2_OK, "engagement_fields": ["data"]}, "engagement.fields[0]", "is not one of"),
    ("get_engagement_totals", {**E_OK, "tweet_ids": [str(i) for i in range(251)], "engagement_types": ["favorites"],
                               "groupings": {"g": {"group_by": ["tweet.id"]}}}, "tweet_ids", "at most 250;"),
    ("get_engagement_28hr", {**E_OK, "engagement_types": ["quote_tweets"]}, "engagement_types[0]", "is not one of"),
    ("get_engagement_28hr", {**E_OK, "groupings": {f"g{i}": {"group_by": ["tweet.id"]} for i in range(4)}},
     "groupings", "more than 3"),
    ("get_engagement_28hr", {**E_OK, "groupings": {"g": {"group_by": ["engagement.hour", *G4[:3]]}}},
     "groupings.g.group_by", "documented orders"),
    ("get_engagement_28hr", {**E_OK, "groupings": {"a": {"group_by": G4}, "b": {"group_by": G4}}},
     "groupings", "at most 1 grouping(s) may have 4"),
    ("get_engagement_28hr", {**E_OK, "groupings": {"g": {"group_by": []}}}, "groupings.g.group_by", "less than 1"),
    ("get_engagement_28hr", {**E_OK, "groupings": {"start": {"group_by": ["tweet.id"]}}}, "groupings", "start"),
    ("get_engagement_totals", {**E_OK, "engagement_types": ["favorites"],
                               "groupings": {"g": {"group_by": ["tweet.id", "engagement.day"]}}},
     "groupings.g.group_by[1]", "is not one of"),
    ("get_engagement_historical", {**E_OK, "start": NOW - timedelta(days=30), "end": NOW - timedelta(hours=1)},
     "start..end", "longer than 28 days"),
    ("get_engagement_historical", {**E_OK, "start": NOW - timedelta(days=1), "end": NOW + timedelta(days=1)},
     "end", "in the future"),
    ("get_engagement_historical", {**E_OK, "start": "2024-03-02", "end": "2024-03-01"}, "start", "must be before"),
    ("get_engagement_historical", {**E_OK, "start": datetime(2024, 3, 1), "end": "2024-03-02"}, "start", "naive"),
    ("get_insights_historical", {**V2_OK, "start_time": "2024-03-02T00:00:00Z", "end_time": "2024-03-01T00:00:00Z"},
     "start_time", "must be before"),
    ("get_insights_historical", {**V2_OK, "start_time": "yesterday", "end_time": "2024-03-01T00:00:00Z"},
     "start_time", "is not a \"date-time\""),
]  # fmt: skip


@pytest.mark.parametrize(("method", "kwargs", "where", "words"), CASES, ids=[f"{c[2]}-{c[3]}" for c in CASES])
def test_each_rule_is_enforced_with_a_message_naming_parameter_and_rule(
    server: ScriptedServer, method: str, kwargs: dict[str, Any], where: str, words: str
) -> None:
    problems = _problems(server, method, **kwargs)
    assert any(p.startswith(where + ":") and words in p for p in problems), problems


def test_every_problem_is_reported_at_once(server: ScriptedServer) -> None:
    problems = _problems(server, "get_insights_28hr", tweet_ids=["x", "x"], granularity="Yearly", requested_metrics=[])
    assert len(problems) == 5, problems
    assert {p.split(":")[0] for p in problems} == {
        "tweet_ids",
        "tweet_ids[0]",
        "tweet_ids[1]",
        "granularity",
        "requested_metrics",
    }


def test_the_message_lists_the_operation_and_each_problem(server: ScriptedServer) -> None:
    with pytest.raises(xe.InvalidRequest, match=r"getInsights28hr: 2 invalid argument\(s\)") as caught:
        xe.Client(bearer_token="t", base_url=server.url).get_insights_28hr(
            tweet_ids=["1"],
            granularity="Yearly",  # type: ignore[arg-type]  # outside the enum on purpose: the check under test
            requested_metrics=["Nope"],  # type: ignore[list-item]  # likewise
        )
    assert "granularity" in str(caught.value) and "requested_metrics[0]" in str(caught.value)


def test_valid_historical_window_passes(server: ScriptedServer) -> None:
    from tests.support.server import Reply

    server.reply(Reply(body=b'{"g":{}}'))
    client = xe.Client(oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=server.url)
    client.get_engagement_historical(**E_OK, start=NOW - timedelta(days=28), end=NOW - timedelta(hours=1))
    assert len(server.received) == 1


def test_a_start_alone_is_checked_against_now(server: ScriptedServer) -> None:
    problems = _problems(server, "get_engagement_historical", **E_OK, start=NOW - timedelta(days=40))
    assert any(p.startswith("start..end:") and "longer than 28 days" in p for p in problems), problems
