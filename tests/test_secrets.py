"""Secrets never appear in a repr, a str, an exception, a traceback or a log line at any level."""

from __future__ import annotations

import logging
import pickle
import traceback

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
    server.reply(Reply(503, b"{}"), Reply(401, b'{"errors":["Your account could not be authenticated."]}'), Reply(drop=True))
    enterprise = xe.Client(
        oauth1=xe.OAuth1("consumer-key", *SECRETS), base_url=server.url,
        retry=xe.RetryPolicy(max_retries=1, rng=lambda: 0.0), sleep=lambda _: None,
    )  # fmt: skip
    v2 = xe.Client(bearer_token=BEARER, base_url=server.url, retry=xe.RetryPolicy.disabled())
    with pytest.raises(xe.AuthError) as auth_error:
        enterprise.get_engagement_28hr(tweet_ids=["1"], engagement_types=["impressions"], groupings={"g": {"group_by": ["tweet.id"]}})
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
