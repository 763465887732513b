"""The mock's HTTP behaviour: auth by value, errors in each variant's format, gzip, rate limits, faults."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any

import httpx
import pytest

import x_engagement
from contracts.mock import Fault, MockConfig, RateLimit
from contracts.mock.config import Credentials
from tests.contracts.conftest import FIXED_NOW, mock_client, oauth1_headers

BEARER = {"authorization": "Bearer mock-bearer-token"}
QUERY = "tweet_ids=20,21&granularity=Total&requested_metrics=Impressions"
TOTALS = {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": {"g": {"group_by": ["tweet.id"]}}}


def test_bearer_token_is_checked_by_value(client: Any) -> None:
    assert client.get(f"/2/insights/28hr?{QUERY}", headers=BEARER).status_code == 200
    wrong = client.get(f"/2/insights/28hr?{QUERY}", headers={"authorization": "Bearer mock-bearer-tokeN"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["type"] == "about:blank"


def test_oauth1_signature_is_verified_and_covers_the_query(client: Any) -> None:
    path = "/insights/engagement/totals"
    assert client.post(path, json=TOTALS, headers=oauth1_headers(path)).status_code == 200
    bad = client.post(path, json=TOTALS, headers=oauth1_headers(path, secret="not-the-secret"))
    assert bad.status_code == 401
    assert bad.json() == {"errors": ["Your account could not be authenticated. Reason: Invalid signature"]}
    signed_for_other_query = oauth1_headers(f"/2/insights/28hr?{QUERY}", method="GET")
    assert (
        client.get("/2/insights/28hr?" + QUERY.replace("20,21", "20"), headers=signed_for_other_query).status_code
        == 401
    )
    assert client.get(f"/2/insights/28hr?{QUERY}", headers=signed_for_other_query).status_code == 200


def test_enterprise_refuses_a_bearer_token(client: Any) -> None:
    response = client.post("/insights/engagement/totals", json=TOTALS, headers=BEARER)
    assert response.status_code == 401
    assert "Unknown Authorization Type" in response.json()["errors"][0]


def test_credentials_come_from_the_environment() -> None:
    credentials = Credentials.from_env({"X_MOCK_BEARER_TOKEN": "from-env"})
    assert credentials.bearer_token == "from-env" and credentials.consumer_key == "mock-consumer-key"
    assert "from-env" not in repr(credentials) and "mock-consumer-secret" not in repr(MockConfig())


@pytest.mark.parametrize("ids", ["20,21", "20%2C21"])
def test_commas_are_accepted_raw_or_percent_encoded(client: Any, ids: str) -> None:
    response = client.get(f"/2/insights/28hr?tweet_ids={ids}&granularity=Total&requested_metrics=Likes", headers=BEARER)
    assert response.status_code == 200
    assert [e["tweet_id"] for e in response.json()["data"][0]["measurement"]["metrics_total"]] == ["20", "21"]


def test_v2_bad_input_is_an_invalid_request_problem_naming_the_parameter(client: Any) -> None:
    ids = ",".join(str(i) for i in range(26))
    response = client.get(
        f"/2/insights/28hr?tweet_ids={ids}&granularity=Total&requested_metrics=Likes&foo=1", headers=BEARER
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "https://api.twitter.com/2/problems/invalid-request"
    assert problem["title"] == "Invalid Request"
    named = {name for item in problem["errors"] for name in item["parameters"]}
    assert named == {"tweet_ids", "foo"}


def test_x_rules_are_enforced_from_the_spec(client: Any) -> None:
    four = ["tweet.id", "engagement.type", "engagement.day", "engagement.hour"]
    body = {
        **TOTALS,
        "engagement_types": ["impressions"],
        "groupings": {"a": {"group_by": four}, "b": {"group_by": four}},
    }
    response = client.post("/insights/engagement/28hr", json=body, headers=oauth1_headers("/insights/engagement/28hr"))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "groupings: at most 1 grouping(s) may have 4 group_by items; got 2: ['a', 'b']"
    ]
    future = FIXED_NOW.replace(year=2027).strftime("%Y-%m-%dT%H:%M:%SZ")
    query = f"{QUERY}&start_time=2026-03-01T00:00:00Z&end_time={future}"
    response = client.get(f"/2/insights/historical?{query}", headers=BEARER)
    assert response.status_code == 400
    assert list(response.json()["errors"][0]["parameters"]) == ["end_time"]


def test_enterprise_bad_json_is_a_400_with_error_strings(client: Any) -> None:
    path = "/insights/engagement/totals"
    headers = {**oauth1_headers(path), "content-type": "application/json"}
    response = client.post(path, content=b"{not json", headers=headers)
    assert response.status_code == 400
    assert response.json() == {"errors": ["Request body is not valid JSON"]}


def test_gzip_when_asked(client: Any) -> None:
    response = client.get(f"/2/insights/28hr?{QUERY}", headers={**BEARER, "accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    plain = client.get(f"/2/insights/28hr?{QUERY}", headers={**BEARER, "accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert response.json() == plain.json()


def test_rate_limit_headers_and_429_when_switched_on() -> None:
    client = mock_client(MockConfig(clock=lambda: FIXED_NOW, rate_limit=RateLimit(2, 60)))
    first = client.get(f"/2/insights/28hr?{QUERY}", headers=BEARER)
    assert (first.headers["x-rate-limit-limit"], first.headers["x-rate-limit-remaining"]) == ("2", "1")
    assert int(first.headers["x-rate-limit-reset"]) > FIXED_NOW.timestamp()
    client.get(f"/2/insights/28hr?{QUERY}", headers=BEARER)
    third = client.get(f"/2/insights/28hr?{QUERY}", headers=BEARER)
    assert third.status_code == 429 and third.json()["title"] == "Too Many Requests"
    path = "/insights/engagement/totals"
    enterprise = client.post(path, json=TOTALS, headers=oauth1_headers(path))
    assert (enterprise.headers["x-per-minute-limit"], enterprise.headers["x-per-minute-remaining"]) == ("2", "1")


def test_rate_limiting_is_off_by_default(client: Any) -> None:
    for _ in range(3):
        response = client.get(f"/2/insights/28hr?{QUERY}", headers=BEARER)
    assert response.status_code == 200 and response.headers["x-rate-limit-remaining"] == "300"


def test_faults_by_config_pattern_and_by_header() -> None:
    client = mock_client(MockConfig(clock=lambda: FIXED_NOW, faults=(Fault("status", "/insights/*", status=502),)))
    path = "/insights/engagement/totals"
    assert client.post(path, json=TOTALS, headers=oauth1_headers(path)).status_code == 502
    assert client.get(f"/2/insights/28hr?{QUERY}", headers=BEARER).status_code == 200
    malformed = client.get(f"/2/insights/28hr?{QUERY}", headers={**BEARER, "x-mock-fault": "malformed"})
    assert malformed.headers["content-type"] == "application/json" and malformed.content.startswith(b"<html>")
    typed = client.get(f"/2/insights/28hr?{QUERY}", headers={**BEARER, "x-mock-fault": "content-type"})
    assert typed.headers["content-type"].startswith("text/html") and json.loads(typed.content)
    headers = {**BEARER, "x-mock-fault": "truncate", "accept-encoding": "gzip"}
    with client.stream("GET", f"/2/insights/28hr?{QUERY}", headers=headers) as truncated:
        raw = b"".join(truncated.iter_raw())
    assert truncated.headers["content-encoding"] == "gzip"
    with pytest.raises(EOFError):
        gzip.decompress(raw)


def test_faults_are_off_by_default_and_header_faults_can_be_disabled() -> None:
    client = mock_client(MockConfig(clock=lambda: FIXED_NOW, faults_by_header=False))
    assert client.get(f"/2/insights/28hr?{QUERY}", headers={**BEARER, "x-mock-fault": "status:500"}).status_code == 200


def test_fault_specs_parse_from_text() -> None:
    assert Fault.parse("status:500@/2/*") == Fault("status", "/2/*", status=500)
    assert Fault.parse("delay:0.5") == Fault("delay", "*", delay=0.5)
    with pytest.raises(ValueError):
        Fault.parse("explode")
    assert MockConfig.from_env({"X_MOCK_FAULTS": "drop@/insights/*", "X_MOCK_RATE_LIMIT": "5"}).faults == (
        Fault("drop", "/insights/*"),
    )


def _client(base_url: str, http_client: httpx.Client | None = None) -> x_engagement.Client:
    secrets = ("mock-consumer-secret", "mock-access-token", "mock-access-token-secret")
    return x_engagement.Client(
        bearer_token="mock-bearer-token", oauth1=x_engagement.OAuth1("mock-consumer-key", *secrets),
        base_url=base_url, retry=x_engagement.RetryPolicy.disabled(), http_client=http_client,
    )  # fmt: skip


def test_generated_client_over_a_real_socket(uvicorn_mock: str) -> None:
    """Behind uvicorn the signature is checked against the Host the client signed for."""
    with _client(uvicorn_mock) as client:
        result = client.get_engagement_28hr(
            tweet_ids=["20", "7404"], engagement_types=["impressions"], groupings={"g": {"group_by": ["tweet.id"]}}
        )
        assert list(result.groupings["g"]) == ["20"] and result.unavailable_tweet_ids == ["7404"]
        assert client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"]).complete


def test_truncated_dropped_and_slow_responses_reach_the_client_as_typed_errors(uvicorn_mock: str) -> None:
    asked: list[str] = []

    def ask_for_fault(request: httpx.Request) -> None:
        request.headers["x-mock-fault"] = asked[-1]

    with httpx.Client(event_hooks={"request": [ask_for_fault]}) as http, _client(uvicorn_mock, http) as client:
        for fault, error in (
            ("truncate", x_engagement.ResponseDecodeError),
            ("drop", x_engagement.TransportError),
            ("status:503", x_engagement.ServerError),
        ):
            asked.append(fault)
            with pytest.raises(error):
                client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    started = time.monotonic()
    response = httpx.get(f"{uvicorn_mock}/2/insights/28hr?{QUERY}", headers={**BEARER, "x-mock-fault": "delay:0.3"})
    assert response.status_code == 200 and time.monotonic() - started >= 0.3


def test_the_mock_answers_without_waiting_for_delayed_acks() -> None:
    """uvicorn on a pre-bound socket answered every request ~40 ms late until TCP_NODELAY was set
    on the listening socket (accepted connections inherit it)."""
    import socket

    from contracts.mock.server import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        sock.close()
