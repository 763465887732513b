"""Secrets never appear in a repr, a str, an exception, a traceback or a log line at any level."""

from __future__ import annotations

import logging
import pickle
import traceback

import httpx
import pytest

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer

BEARER = "BEARER-s3cr3t-value"
SECRETS = ["CONSUMER-s3cr3t", "ACCESS-t0ken-value", "ACCESS-s3cr3t"]
ALL = [BEARER, *SECRETS]


def leaks(text: str) -> list[str]:
    return [secret for secret in ALL if secret in text]


def test_reprs_and_strs_of_credentials_and_clients_are_masked() -> None:
    oauth1 = xe.OAuth1("consumer-key", *SECRETS)
    bearer = xe.BearerToken(BEARER)
    client = xe.Client(bearer_token=BEARER, oauth1=oauth1)
    shown = " ".join([repr(oauth1), str(oauth1), repr(bearer), str(bearer), repr(client), str(client),
                      repr(xe.AsyncClient(bearer_token=BEARER)), f"{oauth1.consumer_secret}"])  # fmt: skip
    assert leaks(shown) == []
    assert "consumer-key" in repr(oauth1)
    with pytest.raises(TypeError):
        pickle.dumps(oauth1.consumer_secret)


def test_errors_and_logs_never_show_a_secret(server: ScriptedServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    server.reply(
        Reply(503, b"{}"), Reply(401, b'{"errors":["Your account could not be authenticated."]}'), Reply(drop=True)
    )
    enterprise = xe.Client(
        oauth1=xe.OAuth1("consumer-key", *SECRETS), base_url=server.url,
        retry=xe.RetryPolicy(max_retries=1, rng=lambda: 0.0), sleep=lambda _: None,
    )  # fmt: skip
    v2 = xe.Client(bearer_token=BEARER, base_url=server.url, retry=xe.RetryPolicy.disabled())
    with pytest.raises(xe.AuthError) as auth_error:
        enterprise.get_engagement_28hr(
            tweet_ids=["1"], engagement_types=["impressions"], groupings={"g": {"group_by": ["tweet.id"]}}
        )
    with pytest.raises(xe.TransportError) as transport_error:
        v2.get_insights_28hr(tweet_ids=["1"], granularity="Total", requested_metrics=["Likes"])
    texts = [caplog.text]
    for error in (auth_error.value, transport_error.value):
        texts += [str(error), repr(error), "".join(traceback.format_exception(error)), repr(error.request),
                  error.request.as_curl(), repr(vars(error))]  # fmt: skip
        assert error.request.headers.get("authorization", "[redacted]") == "[redacted]"
    assert "/insights/engagement/28hr" in caplog.text and "retrying" in caplog.text
    assert leaks("\n".join(texts)) == []
    # the credentials did go over the wire, so a leak would have had something to leak
    assert SECRETS[1] in server.received[0].headers["authorization"]
    assert BEARER in server.received[2].headers["authorization"]


def reachable_requests(error: BaseException) -> list[object]:
    """Every request object an exception drags along: on itself and its attributes, on its
    __cause__ and __context__ chain, on responses, and in the locals of its traceback's frames."""
    import httpcore

    found: list[object] = []
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        item = pending.pop()
        if id(item) in seen or item is None:
            continue
        seen.add(id(item))
        if isinstance(item, httpx.Request | httpcore.Request):
            found.append(item)
        elif isinstance(item, httpx.Response):
            pending.append(item._request)
        elif isinstance(item, BaseException):
            pending += [
                item.__cause__,
                item.__context__,
                getattr(item, "_request", None),
                *vars(item).values(),
            ]
            tb = item.__traceback__
            while tb is not None:
                pending += list(tb.tb_frame.f_locals.values())
                tb = tb.tb_next
    return found


def request_headers_text(request: object) -> str:
    headers = getattr(request, "headers", [])
    pairs = headers.raw if hasattr(headers, "raw") else headers
    return " ".join(f"{k!r}: {v!r}" for k, v in pairs)


def test_no_request_reachable_from_an_error_holds_a_live_credential(server: ScriptedServer) -> None:
    big = Reply(200, b"[" + b"0," * 5000 + b"0]")
    server.reply(Reply(drop=True), Reply(drop=True), Reply(401, b'{"errors":["no"]}'), big, big)
    oauth1 = xe.OAuth1("consumer-key", *SECRETS)
    enterprise = xe.Client(oauth1=oauth1, base_url=server.url, retry=xe.RetryPolicy.disabled(), max_response_bytes=100)
    v2 = xe.Client(bearer_token=BEARER, base_url=server.url, retry=xe.RetryPolicy.disabled(), max_response_bytes=100)

    def v2_call() -> object:
        return v2.get_insights_28hr(tweet_ids=["1"], granularity="Total", requested_metrics=["Likes"])

    def enterprise_call() -> object:
        groupings: dict[str, xe.Grouping] = {"g": {"group_by": ["tweet.id"]}}
        return enterprise.get_engagement_28hr(tweet_ids=["1"], engagement_types=["impressions"], groupings=groupings)

    errors: list[BaseException] = []
    for call in (v2_call, enterprise_call, v2_call, v2_call, enterprise_call):
        with pytest.raises(xe.XEngagementError) as caught:
            call()
        errors.append(caught.value)
    kinds = [xe.TransportError, xe.TransportError, xe.AuthError, xe.ResponseTooLarge, xe.ResponseTooLarge]
    assert [type(e) for e in errors] == kinds
    requests = [request for error in errors for request in reachable_requests(error)]
    assert len(requests) >= 2  # the request on each transport error's cause, at least: the walk is not vacuous
    assert leaks("\n".join(request_headers_text(r) for r in requests)) == []
    assert BEARER in server.received[0].headers["authorization"]  # the token did go over the wire


def test_a_callers_event_hook_keeps_the_live_request(server: ScriptedServer) -> None:
    """Errors get a sanitised copy; the request itself is not blanked under the caller's feet."""
    seen: list[object] = []
    server.reply(Reply(drop=True))
    with httpx.Client(event_hooks={"request": [seen.append]}) as http:
        client = xe.Client(bearer_token=BEARER, base_url=server.url, http_client=http, retry=xe.RetryPolicy.disabled())
        with pytest.raises(xe.TransportError) as caught:
            client.get_insights_28hr(tweet_ids=["1"], granularity="Total", requested_metrics=["Likes"])
    assert BEARER in request_headers_text(seen[0])
    assert caught.value.__cause__ is not None
    assert BEARER not in request_headers_text(caught.value.__cause__.request)  # type: ignore[attr-defined]
