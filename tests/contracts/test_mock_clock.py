"""The mock's clock: it moves the window, the data (late revisions), the Date header and the rate
limits; it is moved in-process and over HTTP; and what the mock serves equals `contracts.mock.truth`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import pytest

from contracts.mock import MockConfig, create_app, truth
from contracts.mock.clock import MockClock
from contracts.mock.config import SettingError, config_from_options
from contracts.pytest_plugin import RunningMock, running_mock
from tests.contracts.conftest import mock_client, oauth1_headers
from tests.contracts.test_mock_hardening import ROOT, read_lines

START = datetime(2026, 3, 10, 14, 37, 12, tzinfo=UTC)
BEARER = {"authorization": "Bearer mock-bearer-token"}
HOUR = timedelta(hours=1)
IDS = ["20", "21"]
PAIRS = {"Impressions": "impressions", "Likes": "favorites", "Retweets": "retweets"}  # v2 -> Enterprise (spec)
ENTERPRISE_28HR = "/insights/engagement/28hr"


def clocked(start: datetime = START, **options: Any) -> tuple[Any, MockClock]:
    clock = MockClock(start)
    return mock_client(config_from_options(options, MockConfig(clock=clock))), clock


def v2_series(client: Any, metrics: list[str], granularity: str = "Hourly") -> dict[tuple[str, str, str], int]:
    """(post, metric, bucket start) -> value, from /2/insights/28hr."""
    response = client.get(
        "/2/insights/28hr",
        params={"tweet_ids": ",".join(IDS), "granularity": granularity, "requested_metrics": ",".join(metrics)},
        headers=BEARER,
    )
    assert response.status_code == 200, response.text
    out = {}
    for entry in response.json()["data"][0]["measurement"]["metrics_time_series"]:
        stamp = entry["value"]["timestamp"]["iso8601_time"]
        for metric in entry["value"]["metric_values"]:
            out[(entry["tweet_id"], metric["metric_type"], stamp)] = metric["metric_value"]
    return out


def enterprise_hours(client: Any, types: list[str]) -> tuple[dict[str, Any], dict[tuple[str, str, str], int]]:
    """(body, (post, type, 'YYYY-MM-DDTHH:00:00Z') -> value) from the Enterprise /28hr."""
    body = {
        "tweet_ids": IDS,
        "engagement_types": types,
        "groupings": {"g": {"group_by": ["tweet.id", "engagement.type", "engagement.hour"]}},
    }
    response = client.post(ENTERPRISE_28HR, json=body, headers=oauth1_headers(ENTERPRISE_28HR))
    assert response.status_code == 200, response.text
    answer = response.json()
    values = {
        (tweet, kind, f"{day}T{hour}:00:00Z"): int(count)
        for tweet, kinds in answer["g"].items()
        for kind, days in kinds.items()
        for day, hours in days.items()
        for hour, count in hours.items()
    }
    return answer, values


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def truth_table(metrics: list[str], now: datetime) -> dict[tuple[str, str, str], int]:
    return {
        (post, metric, iso(hour)): count for (post, metric, hour), count in truth.visible(IDS, metrics, now).items()
    }


def test_the_28_hour_window_moves_with_the_clock_in_both_variants() -> None:
    client, clock = clocked()
    for now in (START, START + 5 * HOUR, START + timedelta(days=3, minutes=30), START - timedelta(days=400)):
        clock.set(now)
        end = now.replace(minute=0, second=0, microsecond=0)
        v2_stamps = sorted({stamp for _, _, stamp in v2_series(client, ["Likes"])})
        assert v2_stamps == [iso(end - HOUR * k) for k in range(28, 0, -1)], now
        answer, values = enterprise_hours(client, ["favorites"])
        assert (answer["start"], answer["end"]) == (iso(end - 28 * HOUR), iso(end)), now
        assert sorted({stamp for _, _, stamp in values}) == v2_stamps, now


@pytest.mark.parametrize("mode", ["in-process", "loopback"])
def test_the_date_header_follows_the_clock_on_every_answer(mode: str) -> None:
    with running_mock(mode, now="2026-03-10T14:37:12Z") as mock:
        http = mock.http_client
        paths = [
            ("/2/insights/28hr?tweet_ids=20&granularity=Total&requested_metrics=Likes", BEARER),  # 200
            ("/2/insights/28hr?tweet_ids=20&granularity=Total&requested_metrics=Nope", BEARER),  # 400
            ("/2/insights/28hr?tweet_ids=20&granularity=Total&requested_metrics=Likes", {}),  # 401
            ("/no/such/path", {}),  # 404
        ]
        for moment in (START, START + timedelta(days=2, seconds=7)):
            mock.clock.set(moment)
            for path, headers in paths:
                response = http.get(path, headers=headers)
                assert response.headers.get_list("date") == [moment.strftime("%a, %d %b %Y %H:%M:%S GMT")], path
                assert parsedate_to_datetime(response.headers["date"]) == moment


def test_rate_limit_windows_reset_on_the_mock_clock_without_sleeping() -> None:
    client, clock = clocked(rate_limit="2/60")

    def ask() -> httpx.Response:
        response: httpx.Response = client.get(
            "/2/insights/28hr",
            params={"tweet_ids": "20", "granularity": "Total", "requested_metrics": "Likes"},
            headers=BEARER,
        )
        return response

    first, second, refused = ask(), ask(), ask()
    assert [first.status_code, second.status_code, refused.status_code] == [200, 200, 429]
    reset = int(refused.headers["x-rate-limit-reset"])
    assert reset == (int(START.timestamp()) // 60 + 1) * 60  # the window's end on the mock's clock
    assert refused.headers["x-rate-limit-remaining"] == "0"
    clock.set(datetime.fromtimestamp(reset - 1, UTC))
    assert ask().status_code == 429  # one second early: still spent
    clock.advance(1)
    again = ask()
    assert again.status_code == 200 and again.headers["x-rate-limit-remaining"] == "1"
    assert int(again.headers["x-rate-limit-reset"]) == reset + 60

    path, body = ENTERPRISE_28HR, {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": {}}
    body["groupings"] = {"g": {"group_by": ["tweet.id"]}}
    statuses = [client.post(path, json=body, headers=oauth1_headers(path)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    clock.advance(timedelta(minutes=1))
    assert client.post(path, json=body, headers=oauth1_headers(path)).status_code == 200


def test_late_revisions_grow_then_settle_and_both_variants_serve_the_truth() -> None:
    client, clock = clocked()
    hour = datetime(2026, 3, 10, 10, tzinfo=UTC)  # both posts have impressions and likes in it
    seen: list[dict[tuple[str, str], int]] = []
    for age in range(1, 9):  # the hour seen 1, 2, ... 8 whole hours after it began
        now = hour + age * HOUR + timedelta(minutes=17)
        clock.set(now)
        v2 = v2_series(client, list(PAIRS))
        _, enterprise = enterprise_hours(client, list(PAIRS.values()))
        assert v2 == truth_table(list(PAIRS), now)
        assert enterprise == truth_table(list(PAIRS.values()), now)
        here = {(post, metric): v2[(post, metric, iso(hour))] for post in IDS for metric in PAIRS}
        assert here == {(post, v2m): enterprise[(post, kind, iso(hour))] for post in IDS for v2m, kind in PAIRS.items()}
        seen.append(here)
    for key in seen[0]:
        series = [step[key] for step in seen]
        final = truth.final_value(key[0], key[1], hour)
        assert series == sorted(series), key  # never shrinks
        assert series[truth.SETTLE_HOURS :] == [final] * (len(series) - truth.SETTLE_HOURS), key  # then settles
    grew = {key for key in seen[0] if seen[0][key] < seen[-1][key]}
    assert {(post, metric) for post in IDS for metric in ("Impressions", "Likes")} <= grew  # visibly revised
    assert sum(seen[0].values()) < sum(seen[-1].values())
    assert truth.settled_at(hour) == hour + HOUR + truth.SETTLE_HOURS * HOUR
    assert truth.value("20", "Likes", hour, truth.settled_at(hour) - timedelta(seconds=1)) < truth.final_value(
        "20", "Impressions", hour
    )


def test_history_is_what_polling_the_mock_every_hour_sees() -> None:
    client, clock = clocked()
    polls = [START + k * HOUR for k in range(8)]
    stored: dict[tuple[str, str, datetime], list[tuple[datetime, int]]] = {}
    for poll in polls:  # a minimal collector: keep a value when it is new or revised
        clock.set(poll)
        for (post, metric, stamp), count in v2_series(client, ["Likes", "Impressions"]).items():
            entries = stored.setdefault((post, metric, datetime.fromisoformat(stamp)), [])
            if not entries or entries[-1][1] != count:
                entries.append((poll, count))
    expected = truth.history(IDS, ["Likes", "Impressions"], reversed(polls))
    assert stored == expected
    assert len(expected) == 2 * 2 * (28 + 7)  # the window slid 7 hours
    revised = [entries for entries in expected.values() if len(entries) > 1]
    assert len(revised) >= 8 and all(e[-1][1] > e[0][1] for e in revised)


def test_every_granularity_agrees_with_the_truth_while_counts_are_revised() -> None:
    now = START + timedelta(days=1)
    client, _ = clocked(now)
    metrics = ["Impressions", "Likes", "Engagements"]
    expected = {
        (post, metric): sum(
            count for (p, m, _), count in truth.visible(IDS, metrics, now).items() if (p, m) == (post, metric)
        )
        for post in IDS
        for metric in metrics
    }
    for granularity in ("Hourly", "Daily", "Weekly"):
        sums: dict[tuple[str, str], int] = {}
        for (post, metric, _), count in v2_series(client, metrics, granularity).items():
            sums[(post, metric)] = sums.get((post, metric), 0) + count
        assert sums == expected, granularity
    body = {
        "tweet_ids": IDS,
        "engagement_types": ["impressions", "favorites", "engagements"],
        "groupings": {"totals": {"group_by": ["tweet.id", "engagement.type"]}},
    }
    answer = client.post(ENTERPRISE_28HR, json=body, headers=oauth1_headers(ENTERPRISE_28HR)).json()
    crosswalk = {"impressions": "Impressions", "favorites": "Likes", "engagements": "Engagements"}
    assert {
        (post, crosswalk[kind]): int(v) for post, kinds in answer["totals"].items() for kind, v in kinds.items()
    } == expected


def test_revised_counts_keep_the_funnel() -> None:
    now = START
    for post in (str(n) for n in range(3000, 3030)):
        for hour in truth.window(now)[-6:]:
            impressions, engagements, likes = (
                truth.value(post, m, hour, now) for m in ("Impressions", "engagements", "Likes")
            )
            assert impressions >= engagements >= likes >= 0, (post, hour)


def test_the_truth_refuses_what_the_spec_does_not_name_and_naive_or_off_hour_times() -> None:
    hour = datetime(2026, 3, 10, 9, tzinfo=UTC)
    with pytest.raises(ValueError, match="unknown metric 'LIKES'"):
        truth.value("20", "LIKES", hour, START)
    with pytest.raises(ValueError, match="unknown metric 'timestamp'"):  # an analytics field, not a counter
        truth.value("20", "timestamp", hour, START)
    with pytest.raises(ValueError, match="no time zone"):
        truth.value("20", "Likes", hour, START.replace(tzinfo=None))
    with pytest.raises(ValueError, match="not on a whole hour"):
        truth.value("20", "Likes", hour + timedelta(minutes=30), START)
    assert truth.value("20", "Impressions", hour + 8 * HOUR, START) == 0  # an hour not yet begun
    assert len(truth.window(START)) == 28 and truth.window(START)[-1] == START.replace(minute=0, second=0) - HOUR
    assert {"Likes", "favorites", "quote_tweets", "LinkClicks", "likes", "playback25"} <= truth.metric_names()


def test_the_clock_endpoint_reads_sets_and_advances() -> None:
    client, clock = clocked()
    assert client.get("/__mock/clock", headers=BEARER).json() == {"now": "2026-03-10T14:37:12Z", "frozen": True}
    moved = client.post("/__mock/clock", json={"now": "2026-03-12T01:00:00+02:00"}, headers=BEARER)
    assert moved.status_code == 200 and moved.json() == {"now": "2026-03-11T23:00:00Z", "frozen": True}
    assert clock.now == datetime(2026, 3, 11, 23, tzinfo=UTC)
    advanced = client.post("/__mock/clock", json={"advance_seconds": 5400.5}, headers=BEARER).json()
    assert advanced["now"] == "2026-03-12T00:30:00.500000Z"
    stamps = sorted({stamp for _, _, stamp in v2_series(client, ["Likes"])})
    assert stamps[-1] == "2026-03-11T23:00:00Z"  # the data follows a clock moved over HTTP
    running = client.post("/__mock/clock", json={"advance_seconds": 0, "frozen": False}, headers=BEARER).json()
    assert running["frozen"] is False and not clock.frozen


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"now": "2026-03-10T14:00:00"}, "now: 2026-03-10T14:00:00 has no time zone"),
        ({"now": "yesterday"}, "now: 'yesterday' is not an ISO 8601 time"),
        ({"now": 1773151200}, "now: expected an ISO 8601 time with a zone as a string, got 1773151200"),
        ({"advance_seconds": -60}, "advance_seconds: expected a number of seconds >= 0, got -60"),
        ({"advance_seconds": "60"}, 'advance_seconds: expected a number of seconds >= 0, got "60"'),
        ({"advance_seconds": 1e300}, "advance_seconds: "),
        ({"now": "2026-03-10T14:00:00Z", "advance_seconds": 1}, "give exactly one of now and advance_seconds"),
        ({}, "give exactly one of now and advance_seconds"),
        ({"advance_seconds": 1, "frozen": "yes"}, "frozen: expected true or false"),
        ({"advance": 1}, "unknown field(s) advance"),
        ([1], "expected a JSON object"),
    ],
)
def test_the_clock_endpoint_refuses_bad_input_with_a_clear_400(body: Any, message: str) -> None:
    client, clock = clocked()
    response = client.post("/__mock/clock", json=body, headers=BEARER)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)
    assert clock.now == START and clock.frozen  # nothing changed


def test_the_clock_endpoint_needs_the_bearer_token_and_can_be_switched_off() -> None:
    client, clock = clocked()
    for headers in ({}, {"authorization": "Bearer wrong"}):
        response = client.post("/__mock/clock", json={"advance_seconds": 60}, headers=headers)
        assert response.status_code == 401 and "bearer token" in response.json()["error"]
    not_json = client.post("/__mock/clock", content=b"{", headers=BEARER)
    assert not_json.status_code == 400 and "not JSON" in not_json.json()["error"]
    assert clock.now == START
    off, _ = clocked(clock_control="off")
    assert off.get("/__mock/clock", headers=BEARER).status_code == 404


def test_two_mocks_at_the_same_time_answer_byte_for_byte_alike() -> None:
    first, _ = clocked()
    second = mock_client(config_from_options({"now": "2026-03-10T16:37:12+02:00"}))
    later, _ = clocked(START + 3 * HOUR)
    query = {
        "tweet_ids": "20,21,1346889436626259968",
        "granularity": "Hourly",
        "requested_metrics": "Impressions,Likes",
    }
    answers = [c.get("/2/insights/28hr", params=query, headers=BEARER).content for c in (first, second, later)]
    assert answers[0] == answers[1] != answers[2]
    body = {"tweet_ids": IDS, "engagement_types": ["favorites"], "groupings": {"g": {"group_by": ["engagement.hour"]}}}
    posted = [
        c.post(ENTERPRISE_28HR, json=body, headers=oauth1_headers(ENTERPRISE_28HR)).content for c in (first, second)
    ]
    assert posted[0] == posted[1]


def test_a_running_clock_follows_its_source_from_where_it_was_set() -> None:
    ticks = [START]
    clock = MockClock(datetime(2020, 1, 1, tzinfo=UTC), frozen=False, source=lambda: ticks[0])
    ticks[0] = START + timedelta(seconds=90)
    assert clock.now == datetime(2020, 1, 1, 0, 1, 30, tzinfo=UTC)
    clock.set(datetime(2021, 1, 1, tzinfo=UTC), frozen=True)
    ticks[0] += timedelta(hours=5)
    assert clock.now == datetime(2021, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="use set"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="no time zone"):
        clock.set(datetime(2021, 1, 1))
    real = create_app(MockConfig()).state.clock  # the default: running on the real time
    assert not real.frozen and abs(real.now - datetime.now(UTC)) < timedelta(seconds=5)


def test_clock_settings_and_latency_are_read_and_checked() -> None:
    running = config_from_options({"now": "2026-03-10T14:00:00Z", "clock_mode": "running", "latency": "0.25"})
    clock = create_app(running).state.clock
    assert not clock.frozen and clock.now >= datetime(2026, 3, 10, 14, tzinfo=UTC)
    assert create_app(config_from_options({"clock_mode": "frozen"})).state.clock.frozen
    for option, value, expected in [
        ("clock_mode", "sometimes", "X_MOCK_CLOCK: got 'sometimes'; expected frozen or running"),
        ("latency", "-1", "X_MOCK_LATENCY: got '-1'; expected seconds from 0 to 60"),
        ("latency", "nan", "X_MOCK_LATENCY: got 'nan'"),
        ("clock_control", "maybe", "X_MOCK_CLOCK_CONTROL: got 'maybe'"),
    ]:
        with pytest.raises(SettingError, match=expected.replace("(", r"\(")):
            config_from_options({option: value})
    client = mock_client(running)
    began = time.monotonic()
    response = client.get(
        "/2/insights/28hr",
        params={"tweet_ids": "20", "granularity": "Total", "requested_metrics": "Likes"},
        headers=BEARER,
    )
    assert response.status_code == 200 and time.monotonic() - began >= 0.25


@pytest.mark.x_mock(now="2026-03-10T14:37:12Z")
def test_the_fixture_exposes_the_clock_of_its_running_mock(x_mock: RunningMock) -> None:
    assert x_mock.mode == "loopback" and x_mock.clock.now == START and x_mock.clock.frozen
    x_mock.clock.advance(timedelta(hours=30))
    remote = httpx.get(f"{x_mock.base_url}/__mock/clock", headers=BEARER).json()
    assert remote == {"now": "2026-03-11T20:37:12Z", "frozen": True}
    x_mock.clock.set(START)
    assert x_mock.http_client.get("/__mock/clock", headers=BEARER).json()["now"] == "2026-03-10T14:37:12Z"


@pytest.mark.subprocess
def test_a_mock_in_another_process_is_driven_over_http() -> None:
    """`python -m contracts.mock` under uvicorn: one Date header, by the mock's clock; the clock moved
    over HTTP moves the data; the latency setting holds each request."""
    settings = {"X_MOCK_NOW": "2026-03-10T14:37:12Z", "X_MOCK_LATENCY": "0.2"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_MOCK_")} | settings
    process = subprocess.Popen(
        [sys.executable, "-m", "contracts.mock", "--port", "0", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        banner = read_lines(process, 9)
        url = banner[0].split(" at ", 1)[1].strip()
        assert banner[-2:] == [
            "latency: 0.2 s per request\n",
            "clock: 2026-03-10T14:37:12Z, frozen; move it with POST /__mock/clock (bearer token)\n",
        ]
        with httpx.Client(base_url=url, headers=BEARER, timeout=10) as http:
            moved = http.post("/__mock/clock", json={"advance_seconds": 86400})
            assert moved.json() == {"now": "2026-03-11T14:37:12Z", "frozen": True}
            began = time.monotonic()
            answer = http.get("/2/insights/28hr?tweet_ids=20&granularity=Hourly&requested_metrics=Likes")
            assert time.monotonic() - began >= 0.2
            assert answer.headers.get_list("date") == ["Wed, 11 Mar 2026 14:37:12 GMT"]
            stamps = [
                e["value"]["timestamp"]["iso8601_time"]
                for e in answer.json()["data"][0]["measurement"]["metrics_time_series"]
            ]
            assert stamps[-1] == "2026-03-11T13:00:00Z"
    finally:
        process.kill()
        process.wait()
