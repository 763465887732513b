"""The mock's data: deterministic, consistent across granularities, nested as group_by says."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from contracts.mock import MockConfig, data, shape
from tests.contracts.conftest import FIXED_NOW, mock_client, oauth1_headers

BEARER = {"authorization": "Bearer mock-bearer-token"}


def _insights(client: Any, granularity: str, ids: str = "20,21") -> dict[str, Any]:
    response = client.get(
        "/2/insights/28hr",
        params={"tweet_ids": ids, "granularity": granularity, "requested_metrics": "Impressions,Likes"},
        headers=BEARER,
    )
    assert response.status_code == 200, response.text
    return response.json()


def _sums(body: dict[str, Any]) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    measurement = body["data"][0]["measurement"]
    for entry in measurement.get("metrics_time_series", []):
        for metric in entry["value"]["metric_values"]:
            key = (entry["tweet_id"], metric["metric_type"])
            out[key] = out.get(key, 0) + metric["metric_value"]
    for entry in measurement.get("metrics_total", []):
        for metric in entry["value"]:
            out[(entry["tweet_id"], metric["metric_type"])] = metric["metric_value"]
    return out


def test_hourly_daily_weekly_and_total_figures_agree(client: Any) -> None:
    total = _sums(_insights(client, "Total"))
    assert total and all(value > 0 for value in total.values())
    for granularity in ("Hourly", "Daily", "Weekly"):
        assert _sums(_insights(client, granularity)) == total, granularity


def test_the_28_hour_window_ends_at_the_current_hour(client: Any) -> None:
    body = _insights(client, "Hourly", ids="20")
    stamps = [e["value"]["timestamp"]["iso8601_time"] for e in body["data"][0]["measurement"]["metrics_time_series"]]
    current_hour = FIXED_NOW.replace(minute=0, second=0)
    assert len(stamps) == 28
    assert stamps[-1] == shape.iso(current_hour - timedelta(hours=1))
    assert stamps[0] == shape.iso(current_hour - timedelta(hours=28))


def test_figures_are_deterministic_across_apps(client: Any) -> None:
    assert _insights(client, "Daily") == _insights(mock_client(), "Daily")


def test_unavailable_ids_follow_the_configured_suffix_beside_the_others() -> None:
    client = mock_client(MockConfig(clock=lambda: FIXED_NOW, unavailable_suffix="77"))
    body = _insights(client, "Total", ids="20,1277")
    assert body["data"][0]["errors"] == [{"error": "1 Tweet ID(s) are unavailable", "tweets": ["1277"]}]
    assert [e["tweet_id"] for e in body["data"][0]["measurement"]["metrics_total"]] == ["20"]
    response = client.post(
        "/insights/engagement/totals",
        json={
            "tweet_ids": ["20", "1277"],
            "engagement_types": ["favorites"],
            "groupings": {"g": {"group_by": ["tweet.id"]}},
        },
        headers=oauth1_headers("/insights/engagement/totals"),
    )
    assert response.json()["unavailable_tweet_ids"] == ["1277"]
    assert list(response.json()["g"]) == ["20"]


def test_enterprise_nesting_follows_group_by_order_with_string_counts(client: Any) -> None:
    body = {
        "tweet_ids": ["20", "21"],
        "engagement_types": ["impressions", "favorites"],
        "groupings": {
            "by_type_then_tweet": {"group_by": ["engagement.type", "tweet.id"]},
            "hourly": {"group_by": ["tweet.id", "engagement.type", "engagement.hour"]},
            "grand": {"group_by": ["engagement.type"]},
        },
    }
    response = client.post("/insights/engagement/28hr", json=body, headers=oauth1_headers("/insights/engagement/28hr"))
    assert response.status_code == 200, response.text
    result = response.json()
    assert list(result["by_type_then_tweet"]) == ["impressions", "favorites"]
    assert list(result["by_type_then_tweet"]["impressions"]) == ["20", "21"]
    days = result["hourly"]["20"]["impressions"]
    assert list(days) == ["2026-03-09", "2026-03-10"]  # hours nest under a day key though not asked
    hours = [h for day in days.values() for h in day]
    assert len(hours) == 28 and all(len(h) == 2 for h in hours)
    assert result["start"] == "2026-03-09T10:00:00Z" and result["end"] == "2026-03-10T14:00:00Z"
    for kind in ("impressions", "favorites"):
        per_tweet = [int(result["by_type_then_tweet"][kind][t]) for t in ("20", "21")]
        hourly = [sum(int(v) for day in result["hourly"][t][kind].values() for v in day.values()) for t in ("20", "21")]
        assert per_tweet == hourly
        assert int(result["grand"][kind]) == sum(per_tweet)
        assert isinstance(result["grand"][kind], str)


def test_historical_windows_are_widened_to_whole_hours(client: Any) -> None:
    body = {
        "tweet_ids": ["20"], "engagement_types": ["impressions"],
        "groupings": {"g": {"group_by": ["engagement.hour"]}},
        "start": "2026-03-01T12:24:00Z", "end": "2026-03-01T15:37:00Z",
    }  # fmt: skip
    path = "/insights/engagement/historical"
    result = client.post(path, json=body, headers=oauth1_headers(path)).json()
    assert (result["start"], result["end"]) == ("2026-03-01T12:00:00Z", "2026-03-01T16:00:00Z")
    assert list(result["g"]["2026-03-01"]) == ["12", "13", "14", "15"]


def test_bucket_sums_are_sums_of_hours() -> None:
    hours = data.hours(FIXED_NOW - timedelta(days=9), FIXED_NOW)
    weekly = data.buckets(hours, "Weekly")
    assert sum(len(members) for _, members in weekly) == len(hours)
    assert all(first.weekday() == 0 or first == hours[0] for first, _ in weekly)
