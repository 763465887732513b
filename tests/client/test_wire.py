"""What goes on the wire, seen by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from urllib.parse import unquote

import httpx

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer

OK_V2 = Reply(body=b'{"data":[{"measurement":{"metrics_total":[]}}]}')
OK_ENTERPRISE = Reply(body=b'{"g":{}}')
OAUTH1 = xe.OAuth1("consumer-key", "consumer-secret", "access-token", "access-secret")


def test_v2_arrays_go_out_comma_joined_and_percent_encoded(server: ScriptedServer) -> None:
    server.reply(OK_V2)
    with xe.Client(bearer_token="t0ken", base_url=server.url) as client:
        client.get_insights_28hr(
            tweet_ids=["1", "22"],
            granularity="Hourly",
            requested_metrics=("Impressions", "Likes"),
            engagement_fields=["errors", "measurement"],
        )
    got = server.received[0]
    assert (got.method, got.path) == ("GET", "/2/insights/28hr")
    assert got.raw_query == (
        "tweet_ids=1%2C22&granularity=Hourly&requested_metrics=Impressions%2CLikes"
        "&engagement.fields=errors%2Cmeasurement"
    )
    assert got.headers["authorization"] == "Bearer t0ken"
    assert got.headers["accept-encoding"] == "gzip"
    assert got.body == b""


def test_v2_historical_sends_utc_times(server: ScriptedServer) -> None:
    from datetime import datetime, timedelta, timezone

    server.reply(OK_V2)
    plus2 = timezone(timedelta(hours=2))
    with xe.Client(bearer_token="t", base_url=server.url) as client:
        client.get_insights_historical(
            tweet_ids=["1"],
            start_time=datetime(2024, 3, 1, 12, 0, tzinfo=plus2),
            end_time="2024-03-02T00:00:00Z",
            granularity="Daily",
            requested_metrics=["Impressions"],
        )
    query = dict(server.received[0].query)
    assert query["start_time"] == "2024-03-01T10:00:00Z"
    assert query["end_time"] == "2024-03-02T00:00:00Z"


def test_enterprise_sends_the_documented_json_body_and_headers(server: ScriptedServer) -> None:
    server.reply(OK_ENTERPRISE)
    groupings: dict[str, xe.TotalsGrouping] = {"g": {"group_by": ["tweet.id", "engagement.type"]}}
    with xe.Client(oauth1=OAUTH1, base_url=server.url) as client:
        client.get_engagement_totals(tweet_ids=["20"], engagement_types=["favorites"], groupings=groupings)
    got = server.received[0]
    assert (got.method, got.path, got.raw_query) == ("POST", "/insights/engagement/totals", "")
    assert json.loads(got.body) == {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": groupings}
    assert got.headers["content-type"] == "application/json"
    assert got.headers["accept-encoding"] == "gzip"
    auth = got.headers["authorization"]
    assert auth.startswith("OAuth ")
    params = dict(part.split("=", 1) for part in auth.removeprefix("OAuth ").split(", "))
    assert sorted(params) == sorted(
        ["oauth_nonce", "oauth_timestamp", "oauth_version", "oauth_signature_method",
         "oauth_consumer_key", "oauth_token", "oauth_signature"]
    )  # fmt: skip
    assert unquote(params["oauth_consumer_key"].strip('"')) == "consumer-key"
    assert "oauth_body_hash" not in auth


def test_without_base_url_each_operation_uses_its_own_server() -> None:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.scheme}://{request.url.host}{request.url.path}")
        body = b'{"data":[{}]}' if request.url.path.startswith("/2/") else b'{"g":{}}'
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    http = httpx.Client(transport=httpx.MockTransport(record))
    client = xe.Client(bearer_token="t", oauth1=OAUTH1, http_client=http)
    client.get_insights_28hr(tweet_ids=["1"], granularity="Total", requested_metrics=["Likes"])
    client.get_engagement_28hr(
        tweet_ids=["1"], engagement_types=["impressions"], groupings={"g": {"group_by": ["tweet.id"]}}
    )
    assert seen == [
        "GET https://api.x.com/2/insights/28hr",
        "POST https://data-api.twitter.com/insights/engagement/28hr",
    ]
