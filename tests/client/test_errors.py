"""Typed errors keep status, headers, raw body and the (redacted) request; partial results are kept."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer

PROBLEM = {"content-type": "application/problem+json"}
JSON = {"content-type": "application/json"}
V2: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]}
ENT: dict[str, Any] = {
    "tweet_ids": ["1"],
    "engagement_types": ["impressions"],
    "groupings": {"g": {"group_by": ["tweet.id"]}},
}


def client(server: ScriptedServer) -> xe.Client:
    return xe.Client(
        bearer_token="t", oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=server.url, retry=xe.RetryPolicy.disabled()
    )


def _raise(server: ScriptedServer, reply: Reply, variant: str = "v2") -> xe.ApiError:
    server.reply(reply)
    with pytest.raises(xe.ApiError) as caught:
        if variant == "v2":
            client(server).get_insights_28hr(**V2)
        else:
            client(server).get_engagement_28hr(**ENT)
    return caught.value


def problem(type_: str, status: int, **extra: Any) -> bytes:
    return json.dumps({"type": type_, "title": "T", "detail": "D", "status": status, **extra}).encode()


def test_invalid_request_problem_is_parsed_and_dispatched(server: ScriptedServer) -> None:
    body = problem("https://api.twitter.com/2/problems/invalid-request", 400,
                   errors=[{"message": "bad", "parameters": {"tweet_ids": ["x"]}}])  # fmt: skip
    error = _raise(server, Reply(400, body, PROBLEM))
    assert type(error) is xe.errors.InvalidRequestProblem
    assert error.status == 400 and error.content == body
    assert error.problem is not None and error.problem.errors[0].parameters == {"tweet_ids": ["x"]}  # type: ignore[index]
    assert error.request.method == "GET" and "/2/insights/28hr?" in error.request.url
    assert "T: D" in str(error)


def test_problem_types_match_on_the_path_whatever_the_host(server: ScriptedServer) -> None:
    error = _raise(server, Reply(404, problem("https://api.x.com/2/problems/resource-not-found", 404), PROBLEM))
    assert isinstance(error, xe.errors.ResourceNotFoundProblem)


def test_an_unknown_problem_type_gives_the_generic_problem(server: ScriptedServer) -> None:
    error = _raise(server, Reply(400, problem("https://api.twitter.com/2/problems/brand-new", 400), PROBLEM))
    assert type(error) is xe.ProblemError
    assert error.problem is not None and error.problem.type.endswith("brand-new")


def test_a_401_problem_is_both_an_auth_error_and_its_problem_type(server: ScriptedServer) -> None:
    error = _raise(
        server, Reply(401, problem("https://api.twitter.com/2/problems/unsupported-authentication", 401), PROBLEM)
    )
    assert isinstance(error, xe.AuthError) and isinstance(error, xe.errors.UnsupportedAuthenticationProblem)


def test_v2_plain_error_object(server: ScriptedServer) -> None:
    error = _raise(server, Reply(403, b'{"code": 453, "message": "no access"}', JSON))
    assert isinstance(error, xe.AuthError)
    assert error.error is not None and (error.error.code, error.error.message) == (453, "no access")


def test_429_is_rate_limited_with_the_reset_time(server: ScriptedServer) -> None:
    body = b'{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}'
    error = _raise(server, Reply(429, body, {**PROBLEM, "x-rate-limit-reset": "1900000000"}))
    assert isinstance(error, xe.RateLimited) and isinstance(error, xe.ProblemError)
    assert error.reset_at is not None and int(error.reset_at.timestamp()) == 1900000000


def test_5xx_is_a_server_error(server: ScriptedServer) -> None:
    error = _raise(server, Reply(503, b'{"errors":["internal server error"]}', JSON), "enterprise")
    assert isinstance(error, xe.ServerError) and isinstance(error, xe.EnterpriseApiError)
    assert error.errors == ["internal server error"]


def test_enterprise_error_strings(server: ScriptedServer) -> None:
    body = b'{"errors":["Your account could not be authenticated. Reason: Access token not found"]}'
    error = _raise(server, Reply(401, body, JSON), "enterprise")
    assert isinstance(error, xe.AuthError) and isinstance(error, xe.EnterpriseApiError)
    assert "Access token not found" in str(error)


def test_an_unparseable_error_body_is_still_typed_by_status(server: ScriptedServer) -> None:
    error = _raise(server, Reply(502, b"<html>bad gateway</html>", {"content-type": "text/html"}))
    assert type(error) is xe.ServerError and error.text == "<html>bad gateway</html>"


@pytest.mark.parametrize(
    ("reply", "variant", "words"),
    [
        (Reply(200, b'{"data": [', JSON), "v2", "does not match the spec"),
        (Reply(200, b'{"data": []}', JSON), "v2", "length >= 1 - at `$.data`"),
        (
            Reply(
                200,
                b'{"data":[{"measurement":{"metrics_total":[{"tweet_id":"1","value":[{"metric_value":"7"}]}]}}]}',
                JSON,
            ),
            "v2",
            "Expected `float",
        ),
        (Reply(200, b'{"data": [{}]}', {"content-type": "text/plain"}), "v2", "expected application/json"),
        (
            Reply(200, gzip.compress(b'{"g": {"1": "5"}}')[:-12], {**JSON, "content-encoding": "gzip"}),
            "enterprise",
            "truncated",
        ),
        (Reply(200, b'{"g": {"1": "five"}}', JSON), "enterprise", "does not match the spec"),
        (Reply(200, b'{"g": {"abc": "5"}}', JSON), "enterprise", "does not match the spec"),
        (Reply(200, b'{"g": {"1": "-5"}}', JSON), "enterprise", "does not match the spec"),
        (Reply(200, b'{"g": {"1": 2.5}}', JSON), "enterprise", "does not match the spec"),
        (Reply(200, b'{"start": 5, "g": {}}', JSON), "enterprise", "Expected `str`"),
    ],
    ids=[
        "truncated-json",
        "empty-data",
        "string-metric",
        "content-type",
        "truncated-gzip",
        "bad-count",
        "bad-key",
        "negative-count",
        "fractional-count",
        "bad-start",
    ],
)
def test_bad_success_bodies_raise_response_decode_error_keeping_the_raw_bytes(
    server: ScriptedServer, reply: Reply, variant: str, words: str
) -> None:
    error = _raise(server, reply, variant)
    assert isinstance(error, xe.ResponseDecodeError)
    assert words in str(error)
    assert error.content == reply.body


def test_v2_partial_errors_are_part_of_the_result(server: ScriptedServer) -> None:
    body = {
        "data": [{"errors": [{"error": "not found", "tweets": ["2"]}],
                  "measurement": {"metrics_total": [{"tweet_id": "1", "value": [{"metric_type": "Likes", "metric_value": 3}]}]}}],
        "errors": [{"type": "https://api.twitter.com/2/problems/resource-not-found", "title": "Not Found Error"}],
    }  # fmt: skip
    server.reply(Reply(200, json.dumps(body).encode(), JSON))
    result = client(server).get_insights_28hr(**V2)
    assert not result.complete
    assert result.totals() == {"1": {"Likes": 3}}
    assert [e.tweets for e in result.tweet_errors] == [["2"]]
    assert result.errors[0].title == "Not Found Error"


def test_enterprise_partial_results_are_part_of_the_result(server: ScriptedServer) -> None:
    body = {"unavailable_tweet_ids": ["2"], "errors": ["1 Tweet ID(s) are unavailable"], "g": {"1": "5"}}
    server.reply(Reply(200, json.dumps(body).encode(), JSON))
    result = client(server).get_engagement_28hr(**ENT)
    assert not result.complete
    assert (result.unavailable_tweet_ids, result.errors, result.groupings) == (
        ["2"],
        ["1 Tweet ID(s) are unavailable"],
        {"g": {"1": 5}},
    )


def test_a_complete_result_says_so(server: ScriptedServer) -> None:
    server.reply(Reply(200, b'{"g": {"1": "5"}}', JSON))
    assert client(server).get_engagement_28hr(**ENT).complete
