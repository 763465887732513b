"""Property: whatever status, headers and body bytes a server sends, a call returns a result or
raises an XEngagementError; nothing else escapes (issue 13, item 1). Real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import x_engagement as xe
from tests.support.server import Reply, scripted_server

pytestmark = pytest.mark.slow

CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "v2": (
        "get_insights_28hr",
        {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]},
    ),
    "enterprise": (
        "get_engagement_28hr",
        {
            "tweet_ids": ["1"],
            "engagement_types": ["impressions"],
            "groupings": {"g": {"group_by": ["tweet.id"]}},
        },
    ),
}

NASTY_NUMBERS = [
    *["1000000000000", "99999999999999999999", "\u00b2", "nan", "-1", "inf", "1e999", "0", "", " 7 "],
    *["Wed, 21 Oct 2015 07:28:00 GMT", "Thu, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"],
]
HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=24,
)
NUMBER_HEADERS = ["x-rate-limit-reset", "x-rate-limit-limit", "x-rate-limit-remaining", "x-per-minute-limit",
                  "x-per-minute-remaining", "retry-after"]  # fmt: skip

BODIES = [
    b'{"data":[{}]}', b'{"g":{"1":"5"}}', b'{"title":"t","type":"about:blank","detail":"d"}',
    b'{"errors":["x"]}', b'{"code":1,"message":"m"}', b'{"data":[{"errors":[{"title":"\xff"}]}]}',
    b'{"title":"\xc3","type":"about:blank"}', b'{"g":{"\xed\xa0\x80":"1"}}', b'{"start":"2026-01-01T00:00:00Z"}',
]  # fmt: skip


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    body = draw(st.one_of(st.sampled_from(BODIES), st.binary(max_size=120)))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b'"'])) + body[at:]
    return body


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    status = draw(st.sampled_from([200, 201, 400, 401, 403, 404, 429, 500, 503]) | st.integers(200, 599))
    body = draw(bodies())
    headers: dict[str, str] = {}
    content_type = draw(st.sampled_from(["application/json", "application/problem+json", "text/html", None]))
    if content_type is not None:
        headers["content-type"] = content_type
    encoding = draw(st.sampled_from([None, "gzip", "deflate", "identity", "br", "x-junk"]))
    if encoding is not None:
        headers["content-encoding"] = encoding
        if encoding in ("gzip", "deflate") and draw(st.booleans()):
            body = gzip.compress(body) if encoding == "gzip" else zlib.compress(body)
            if draw(st.booleans()):
                body = body[: draw(st.integers(0, len(body)))]
    for name in draw(st.lists(st.sampled_from(NUMBER_HEADERS), unique=True, max_size=4)):
        headers[name] = draw(st.sampled_from(NASTY_NUMBERS) | HEADER_TEXT)
    return Reply(status=status, body=body, headers=headers)


def test_only_x_engagement_errors_escape_the_response_path() -> None:
    with scripted_server() as server:
        client = xe.Client(
            bearer_token="t", oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=server.url, timeout=2.0, deadline=5.0,
            retry=xe.RetryPolicy(max_retries=1, rng=lambda: 0.0), sleep=lambda _: None, clock=lambda: 1_700_000_000.0,
        )  # fmt: skip

        @settings(max_examples=150, deadline=None, derandomize=True)
        @given(reply=replies(), variant=st.sampled_from(sorted(CALLS)))
        def one(reply: Reply, variant: str) -> None:
            server.default = lambda _: reply
            method, arguments = CALLS[variant]
            try:
                result = getattr(client, method)(**arguments)
            except xe.XEngagementError as exc:
                if isinstance(exc, xe.ApiError):
                    assert exc.status == reply.status
            else:
                assert 200 <= reply.status < 300
                assert isinstance(result, xe.InsightsResult | xe.EngagementResult)

        with client:
            one()
