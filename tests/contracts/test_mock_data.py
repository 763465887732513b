"""The mock's data: deterministic, consistent across granularities, nested as group_by says."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from contracts import spec
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
    body: dict[str, Any] = response.json()
    return body


def _sums(body: dict[str, Any], kind: str) -> dict[tuple[str, str], float]:
    """(post, metric) -> the sum of one kind of entry: metrics_time_series or metrics_total."""
    out: dict[tuple[str, str], float] = {}
    for entry in body["data"][0]["measurement"].get(kind, []):
        values = entry["value"]["metric_values"] if kind == "metrics_time_series" else entry["value"]
        for metric in values:
            key = (entry["tweet_id"], metric["metric_type"])
            out[key] = out.get(key, 0) + metric["metric_value"]
    return out


def test_hourly_daily_weekly_and_total_figures_agree(client: Any) -> None:
    total = _sums(_insights(client, "Total"), "metrics_total")
    assert total and all(value > 0 for value in total.values())
    for granularity in ("Hourly", "Daily", "Weekly"):
        body = _insights(client, granularity)
        assert _sums(body, "metrics_time_series") == total, granularity
        assert _sums(body, "metrics_total") == total, granularity


def test_metrics_total_at_every_granularity_and_the_series_beside_it_but_for_total(client: Any) -> None:
    for granularity in ("Hourly", "Daily", "Weekly", "Total"):
        measurement = _insights(client, granularity)["data"][0]["measurement"]
        assert [e["tweet_id"] for e in measurement["metrics_total"]] == ["20", "21"], granularity
        assert ("metrics_time_series" in measurement) == (granularity != "Total"), granularity


def test_the_crosswalk_names_spec_metrics_on_both_sides() -> None:
    v2 = set(spec.schema_component("V2Metric")["$defs"]["V2Metric"]["enum"])
    enterprise = {
        kind
        for name in ("EngagementType", "TotalsEngagementType")
        for kind in spec.schema_component(name)["$defs"][name]["enum"]
    }
    crosswalk = data.enterprise_type()
    assert crosswalk["Likes"] == "favorites" and crosswalk["Retweets"] == "retweets"
    assert set(crosswalk) <= v2 and set(crosswalk.values()) <= enterprise


def test_same_post_and_hour_give_the_same_counts_under_both_variants(client: Any) -> None:
    """v2 Likes = Enterprise favorites, Retweets = retweets, ... hour by hour."""
    pairs = {v2: kind for v2, kind in data.enterprise_type().items() if kind != "quote_tweets"}  # /totals only
    response = client.get(
        "/2/insights/28hr",
        params={"tweet_ids": "20,21", "granularity": "Hourly", "requested_metrics": ",".join(pairs)},
        headers=BEARER,
    )
    v2: dict[tuple[str, str, str], int] = {}
    for entry in response.json()["data"][0]["measurement"]["metrics_time_series"]:
        hour = entry["value"]["timestamp"]["iso8601_time"]  # 2026-03-09T10:00:00Z
        for metric in entry["value"]["metric_values"]:
            v2[(entry["tweet_id"], pairs[metric["metric_type"]], f"{hour[:10]} {hour[11:13]}")] = metric["metric_value"]
    body = {
        "tweet_ids": ["20", "21"],
        "engagement_types": sorted(set(pairs.values())),
        "groupings": {"g": {"group_by": ["tweet.id", "engagement.type", "engagement.hour"]}},
    }
    path = "/insights/engagement/28hr"
    tree = client.post(path, json=body, headers=oauth1_headers(path)).json()["g"]
    enterprise = {
        (tweet, kind, f"{day} {hour}"): int(count)
        for tweet, kinds in tree.items()
        for kind, days in kinds.items()
        for day, hours in days.items()
        for hour, count in hours.items()
    }
    assert len(v2) == 2 * len(pairs) * 28
    assert v2 == enterprise


def test_every_hour_is_a_plausible_funnel() -> None:
    """impressions >= engagements >= every interaction; views within impressions; video starts >=
    25% >= 50% >= 75% played >= completions (checked over many posts and hours)."""
    metrics = set(spec.schema_component("V2Metric")["$defs"]["V2Metric"]["enum"])
    metrics |= set(spec.schema_component("TotalsEngagementType")["$defs"]["TotalsEngagementType"]["enum"])
    positive = 0
    for tweet_id in (str(n) for n in range(1000, 1040)):
        for hour in data.hours(FIXED_NOW - timedelta(hours=6), FIXED_NOW):
            count = {m: data.hourly_count(tweet_id, m, hour) for m in metrics}
            assert count["Impressions"] == count["impressions"] >= count["engagements"] >= 0
            for metric in metrics - {"Impressions", "impressions", "Engagements", "engagements"}:
                ceiling = (
                    "impressions" if data.canonical(metric) in data.VIEW_METRICS or "Video" in metric else "engagements"
                )
                assert count[metric] <= count[ceiling], (metric, tweet_id, hour)
            video = [count[m] for m in data.VIDEO_FUNNEL]
            assert video == sorted(video, reverse=True)
            positive += count["engagements"] > count["favorites"] > 0
    assert positive > 50  # not a funnel of zeros


def test_lifetime_totals_keep_the_funnel_and_cover_the_window() -> None:
    for tweet_id in ("20", "21", "1346889436626259968"):
        life = {m: data.lifetime_count(tweet_id, m, FIXED_NOW) for m in ("impressions", "engagements", "favorites")}
        window = data.total_count(tweet_id, "impressions", data.hours(*data.window_28hr(FIXED_NOW)), FIXED_NOW)
        assert life["impressions"] >= life["engagements"] >= life["favorites"]
        assert life["impressions"] >= window


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
