"""The mock's post and media analytics (GET /2/tweets/analytics, /2/media/analytics): the same ground
truth as insights and Enterprise, its clock and late revisions, the time range and granularity asked,
the fields asked, both kinds of user auth, and bad input in X's v2 problem format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import x_engagement
from contracts.mock import MockConfig, create_app, truth
from contracts.mock.clock import MockClock
from contracts.mock.server import serving_in_thread
from tests.cli.test_cli import cli_env, ids, run_cli
from tests.contracts.conftest import FIXED_NOW, mock_client, oauth1_headers

HOUR = timedelta(hours=1)
BEARER = {"authorization": "Bearer mock-bearer-token"}
POSTS = "/2/tweets/analytics"
MEDIA = "/2/media/analytics"
# an hour the 28-hour endpoints show at FIXED_NOW (2026-03-10 14:37), still under revision, and
# one in which post 20 has likes
HOUR_SHOWN = datetime(2026, 3, 10, 11, tzinfo=UTC)
MEDIA_HOUR = datetime(2026, 3, 10, 9, tzinfo=UTC)  # one in which media 3_20 was played


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def get(path: str, **params: str) -> httpx.Response:
    response: httpx.Response = mock_client().get(path, params=params, headers=BEARER)
    return response


@pytest.fixture
def fixed_mock() -> Iterator[str]:
    """The mock under uvicorn on 127.0.0.1, its clock frozen at FIXED_NOW."""
    with serving_in_thread(create_app(MockConfig(clock=lambda: FIXED_NOW, clock_mode="frozen"))) as url:
        yield url


def client(base_url: str) -> x_engagement.Client:
    secrets = ("mock-consumer-secret", "mock-access-token", "mock-access-token-secret")
    return x_engagement.Client(
        bearer_token="mock-bearer-token", oauth1=x_engagement.OAuth1("mock-consumer-key", *secrets),
        base_url=base_url, retry=x_engagement.RetryPolicy.disabled(),
    )  # fmt: skip


def value_at(rows: list[x_engagement.table.Row], post: str, metric: str, start: datetime) -> list[int]:
    return [r.value for r in rows if r.post_id == post and r.metric == metric and r.start == start]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the insights operations are deprecated
def test_one_post_hour_is_the_same_through_insights_enterprise_and_analytics(fixed_mock: str) -> None:
    """Through the generated client over a real socket: the likes of post 20 in one hour, asked of
    each of the three sources, is one number, and the mock's truth module says the same."""
    with client(fixed_mock) as api:
        insights = api.get_insights_28hr(tweet_ids=["20"], granularity="Hourly", requested_metrics=["Likes"])
        enterprise = api.get_engagement_28hr(
            tweet_ids=["20"], engagement_types=["favorites"],
            groupings={"g": {"group_by": ["tweet.id", "engagement.type", "engagement.hour"]}},
        )  # fmt: skip
        analytics = api.get_posts_analytics(
            ids=["20"], start_time=HOUR_SHOWN - 3 * HOUR, end_time=HOUR_SHOWN + HOUR, granularity="hourly",
            analytics_fields=["id", "likes", "timestamped_metrics"],
        )  # fmt: skip
    expected = truth.value("20", "Likes", HOUR_SHOWN, FIXED_NOW)
    assert expected > 0
    for result in (insights, enterprise, analytics):
        assert value_at(result.to_rows(), "20", "likes", HOUR_SHOWN) == [expected], type(result).__name__
    assert analytics.complete and analytics.variant == "analytics"
    # the analytics flat counter is the sum of the range's hours, as the truth has them
    flat = analytics.data[0].likes
    assert flat == sum(truth.value("20", "likes", HOUR_SHOWN - h * HOUR, FIXED_NOW) for h in range(4))


def test_media_keys_have_their_own_truth_and_the_video_funnel(fixed_mock: str) -> None:
    with client(fixed_mock) as api:
        result = api.get_media_analytics(
            media_keys=["3_20", "7_1404"], start_time=MEDIA_HOUR, end_time=MEDIA_HOUR + HOUR, granularity="hourly"
        )
    assert result.variant == "media" and result.missing_ids == [] and not result.complete  # 7_1404 unknown
    (problem,) = result.errors
    assert (problem.resource_id, problem.value, problem.parameter) == ("7_1404", "7_1404", "media_keys")
    (item,) = result.data
    bucket = item.timestamped_metrics[0].metrics
    funnel = [bucket.playback_start, bucket.playback25, bucket.playback50, bucket.playback75, bucket.playback_complete]
    assert funnel == sorted(funnel, reverse=True) and funnel[0] > 0
    assert bucket.playback25 == truth.value("3_20", "playback25", MEDIA_HOUR, FIXED_NOW)
    rows = {r.source_metric: r.value for r in result.to_rows() if r.start == MEDIA_HOUR}
    assert rows["video_views"] == truth.value("3_20", "video_views", MEDIA_HOUR, FIXED_NOW)


def counters(body: dict[str, Any], field: str) -> list[int]:
    return [bucket["metrics"][field] for bucket in body["data"][0]["timestamped_metrics"]]


def test_granularities_sum_to_the_same_figures_within_the_requested_range() -> None:
    start, end = "2026-03-04T05:30:00Z", "2026-03-10T10:10:00Z"  # off the hour: widened to 05:00..11:00
    answers = {
        g: get(POSTS, ids="20", start_time=start, end_time=end, granularity=g,
               **{"analytics.fields": "id,timestamp,likes,timestamped_metrics"}).json()
        for g in ("hourly", "daily", "weekly", "total")
    }  # fmt: skip
    flat = {g: body["data"][0]["likes"] for g, body in answers.items()}
    assert len(set(flat.values())) == 1
    assert {g: sum(counters(body, "likes")) for g, body in answers.items()} == flat
    stamps = {g: [b["timestamp"] for b in body["data"][0]["timestamped_metrics"]] for g, body in answers.items()}
    assert stamps["hourly"][0] == "2026-03-04T05:00:00Z" and stamps["hourly"][-1] == "2026-03-10T10:00:00Z"
    assert len(stamps["hourly"]) == 6 * 24 + 6
    assert stamps["daily"][1:3] == ["2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z"] and len(stamps["daily"]) == 7
    assert stamps["weekly"] == ["2026-03-04T05:00:00Z", "2026-03-09T00:00:00Z"]  # weeks from Monday
    assert (
        stamps["total"] == ["2026-03-04T05:00:00Z"] and answers["total"]["data"][0]["timestamp"] == stamps["total"][0]
    )
    media = get(MEDIA, media_keys="3_20", start_time=start, end_time=end).json()["data"][0]["timestamped_metrics"]
    assert media[1]["timestamp"] == "2026-03-05T00:00:00Z"  # media analytics defaults to daily


def test_only_the_fields_asked_for_come_back() -> None:
    body = get(POSTS, ids="20,21", start_time=iso(HOUR_SHOWN), end_time=iso(HOUR_SHOWN + HOUR),
               **{"analytics.fields": "bookmarks,unlikes"}).json()  # fmt: skip
    assert [sorted(item) for item in body["data"]] == [["bookmarks", "id", "unlikes"]] * 2
    everything = get(MEDIA, media_keys="3_20", start_time=iso(HOUR_SHOWN), end_time=iso(HOUR_SHOWN + HOUR)).json()
    assert set(everything["data"][0]) >= {"media_key", "timestamp", "watch_time_ms", "timestamped_metrics"}


def test_hours_after_now_are_not_served_and_late_revisions_grow() -> None:
    clock = MockClock(FIXED_NOW, frozen=True)
    api = mock_client(MockConfig(clock=clock))
    params = {"ids": "20", "start_time": iso(HOUR_SHOWN), "end_time": iso(FIXED_NOW + 5 * HOUR),
              "granularity": "hourly", "analytics.fields": "id,likes,timestamped_metrics"}  # fmt: skip
    first = api.get(POSTS, params=params, headers=BEARER).json()
    assert [b["timestamp"] for b in first["data"][0]["timestamped_metrics"]] == [
        iso(HOUR_SHOWN + h * HOUR)
        for h in range(4)  # 11:00 to the running 14:00
    ]
    clock.advance(timedelta(hours=6))  # the same hours, later: revised up to their final counts
    later = api.get(POSTS, params=params, headers=BEARER).json()["data"][0]["timestamped_metrics"]
    assert later[0]["metrics"]["likes"] == truth.final_value("20", "likes", HOUR_SHOWN)
    assert later[0]["metrics"]["likes"] >= first["data"][0]["timestamped_metrics"][0]["metrics"]["likes"]


def test_oauth1_user_context_is_accepted_and_no_credentials_get_a_v2_problem() -> None:
    query = f"ids=20&start_time={iso(HOUR_SHOWN)}&end_time={iso(HOUR_SHOWN + HOUR)}"
    api = mock_client()
    signed = api.get(f"{POSTS}?{query}", headers=oauth1_headers(f"{POSTS}?{query}", method="GET"))
    assert signed.status_code == 200, signed.text
    refused = api.get(f"{POSTS}?{query}")
    assert refused.status_code == 401 and refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["title"] == "Unauthorized"


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        (MEDIA, {"media_keys": "3_20", "granularity": "weekly"}, "granularity"),  # media has no weekly
        (MEDIA, {"media_keys": "20"}, "media_keys"),  # not <type>_<id>
        (POSTS, {"ids": "20", "analytics.fields": "likes,views"}, "analytics.fields"),
        (POSTS, {"ids": ",".join(str(n) for n in range(101))}, "ids"),
        (POSTS, {"ids": "20", "end_time": "yesterday"}, "end_time"),
    ],
)
def test_bad_input_is_a_v2_invalid_request_naming_the_parameter(
    path: str, params: dict[str, str], parameter: str
) -> None:
    query = {"start_time": iso(HOUR_SHOWN), "end_time": iso(HOUR_SHOWN + HOUR), **params}
    response = get(path, **query)
    assert response.status_code == 400 and response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert [list(e["parameters"]) for e in body["errors"]] == [[parameter]]


def test_start_after_end_and_a_missing_start_are_refused() -> None:
    after = get(POSTS, ids="20", start_time=iso(HOUR_SHOWN), end_time=iso(HOUR_SHOWN - HOUR))
    assert after.status_code == 400 and "start_time" in json.dumps(after.json()["errors"])
    missing = get(POSTS, ids="20", end_time=iso(HOUR_SHOWN))
    assert missing.status_code == 400 and missing.json()["errors"][0]["parameters"] == {"start_time": []}


def test_faults_reach_the_analytics_paths_in_the_v2_format() -> None:
    response = mock_client().get(
        POSTS, params={"ids": "20", "start_time": iso(HOUR_SHOWN), "end_time": iso(HOUR_SHOWN + HOUR)},
        headers={**BEARER, "x-mock-fault": "status:503"},
    )  # fmt: skip
    assert response.status_code == 503 and response.json()["type"] == "about:blank"


@pytest.mark.subprocess
@pytest.mark.x_mock(bearer_token="cli-test-bearer-8f2c41")
def test_fetch_all_variants_gives_one_table_with_the_same_figures(x_mock: Any) -> None:
    """`x-engagement fetch --variant all` (the installed script): insights, Enterprise and post
    analytics rows of the same post, metric and hour agree."""
    posts = ids(2)
    done = run_cli(["fetch", *posts, "--variant", "all", "-m", "likes", "--format", "jsonl"], cli_env(x_mock))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    by_variant: dict[str, dict[tuple[str, str], int]] = {}
    for row in rows:
        by_variant.setdefault(row["variant"], {})[(row["post_id"], row["start"])] = row["value"]
    assert set(by_variant) == {"v2", "enterprise", "analytics"}
    shared = set(by_variant["v2"]) & set(by_variant["enterprise"]) & set(by_variant["analytics"])
    assert len(shared) >= 2 * 27
    assert all(by_variant["v2"][k] == by_variant["enterprise"][k] == by_variant["analytics"][k] for k in shared)


@pytest.mark.subprocess
def test_fetch_media_analytics_with_an_explicit_range(x_mock: Any) -> None:
    until = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - 2 * HOUR
    done = run_cli(
        ["fetch", "3_20", "--variant", "media", "-m", "video_views", "--since", iso(until - 4 * HOUR),
         "--until", iso(until), "--format", "jsonl"],
        cli_env(x_mock),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    hourly = [r for r in rows if r["granularity"] == "hour"]
    assert [r["start"] for r in hourly] == [iso(until - h * HOUR) for h in range(4, 0, -1)]
    assert {(r["variant"], r["metric"], r["post_id"]) for r in rows} == {("media", "video_views", "3_20")}
