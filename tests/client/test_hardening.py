"""Issue 13, client: every failure typed, bounded time and memory, sane retry timing, no secret
on anything an exception drags along. Each case runs against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
import tracemalloc
from email.utils import formatdate
from typing import Any

import httpx
import pytest

import x_engagement as xe
from tests.support.faults import endless, fault_server, trickle
from tests.support.server import Received, Reply, ScriptedServer, scripted_server

V2: dict[str, Any] = {
    "tweet_ids": ["1"],
    "granularity": "Total",
    "requested_metrics": ["Likes"],
}
ENTERPRISE: dict[str, Any] = {
    "tweet_ids": ["1"],
    "engagement_types": ["impressions"],
    "groupings": {"g": {"group_by": ["tweet.id"]}},
}
JSON = {"content-type": "application/json"}
OK = Reply(body=b'{"data":[{}]}')
NOW = 1_700_000_000.0
OAUTH1 = xe.OAuth1("k", "s", "t", "ts")


class Sleeps(list[float]):
    """An injected sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(server: ScriptedServer, retry: xe.RetryPolicy | None = None, **kwargs: Any) -> tuple[xe.Client, Sleeps]:
    sleeps = Sleeps()
    policy = retry or xe.RetryPolicy(rng=lambda: 0.0)
    made = xe.Client(
        bearer_token="t",
        base_url=server.url,
        retry=policy,
        sleep=sleeps,
        clock=lambda: NOW,
        **kwargs,
    )
    return made, sleeps


# 1. Every failure is an XEngagementError; odd informational headers never cost a good result.

INVALID_UTF8 = b'{"title":"\xff\xfe","type":"about:blank","errors":[{"title":"\xff","type":"about:blank"}]}'


@pytest.mark.parametrize(
    ("status", "kind"),
    [(200, xe.ResponseDecodeError), (400, xe.ApiError), (503, xe.ServerError)],
)
def test_invalid_utf8_json_is_a_typed_error_keeping_status_and_bytes(
    server: ScriptedServer, status: int, kind: type[xe.ApiError]
) -> None:
    server.reply(Reply(status, INVALID_UTF8, JSON))
    made, _ = client(server, xe.RetryPolicy.disabled())
    with pytest.raises(kind) as caught:
        made.get_insights_28hr(**V2)
    assert caught.value.status == status and caught.value.content == INVALID_UTF8


def test_invalid_utf8_in_an_enterprise_body_is_a_decode_error(
    server: ScriptedServer,
) -> None:
    server.reply(Reply(200, b'{"g": {"\xff": "1"}}', JSON))
    made = xe.Client(oauth1=OAUTH1, base_url=server.url, retry=xe.RetryPolicy.disabled())
    with pytest.raises(xe.ResponseDecodeError) as caught:
        made.get_engagement_28hr(**ENTERPRISE)
    assert caught.value.content == b'{"g": {"\xff": "1"}}'


@pytest.mark.parametrize("reset", ["1000000000000", "99999999999999999999", "\u00b2", "nan", "-1"])
def test_an_absurd_reset_header_never_costs_a_good_result(server: ScriptedServer, reset: str) -> None:
    server.reply(
        Reply(
            body=b'{"data":[{}]}',
            headers={**JSON, "x-rate-limit-reset": reset, "x-rate-limit-limit": reset},
        )
    )
    made, _ = client(server)
    result = made.get_insights_28hr(**V2)
    assert result.data and result.rate_limit.reset_at is None
    assert result.rate_limit.raw["x-rate-limit-reset"] == reset


@pytest.mark.parametrize("after", ["99999999999999999999", "\u00b2", "1e999"])
def test_an_absurd_retry_after_gives_rate_limited(server: ScriptedServer, after: str) -> None:
    server.reply(Reply(429, b"{}", {**JSON, "retry-after": after}))
    made, _ = client(server, xe.RetryPolicy.disabled())
    with pytest.raises(xe.RateLimited) as caught:
        made.get_insights_28hr(**V2)
    assert caught.value.headers["retry-after"] == after


# 2. A chunk failing in any way is a ChunkFailure; the batch keeps what succeeded.

FAIL_ID = "999"


def answer(got: Received) -> Reply:
    ids = dict(got.query)["tweet_ids"].split(",")
    totals = [{"tweet_id": i, "value": [{"metric_type": "Likes", "metric_value": 1}]} for i in ids]
    return Reply(body=json.dumps({"data": [{"measurement": {"metrics_total": totals}}]}).encode())


def refuse_fail_id(request: httpx.Request) -> None:
    """An event hook of the caller's own that raises something that is not ours."""
    if FAIL_ID in str(request.url):
        raise RuntimeError("the caller's hook refused this chunk")


def test_a_chunk_failing_with_any_exception_keeps_the_others_sync() -> None:
    ids = [str(i) for i in range(1, 51)] + [FAIL_ID]
    with (
        scripted_server(default=answer) as api,
        httpx.Client(event_hooks={"request": [refuse_fail_id]}) as http,
    ):
        made = xe.Client(bearer_token="t", base_url=api.url, http_client=http)
        batch = made.batch.get_insights_28hr(tweet_ids=ids, granularity="Total", requested_metrics=["Likes"])
    assert len(batch.results) == 2 and batch.failed_tweet_ids == [FAIL_ID]
    assert isinstance(batch.failures[0].error, RuntimeError)


def test_a_chunk_failing_with_any_exception_keeps_the_others_async() -> None:
    ids = [str(i) for i in range(1, 51)] + [FAIL_ID]

    async def hook(request: httpx.Request) -> None:
        refuse_fail_id(request)

    async def main(url: str) -> xe.BatchResult[xe.InsightsResult]:
        async with httpx.AsyncClient(event_hooks={"request": [hook]}) as http:
            made = xe.AsyncClient(bearer_token="t", base_url=url, http_client=http)
            return await made.batch.get_insights_28hr(tweet_ids=ids, granularity="Total", requested_metrics=["Likes"])

    with scripted_server(default=answer) as api:
        batch = asyncio.run(main(api.url))
    assert len(batch.results) == 2 and batch.failed_tweet_ids == [FAIL_ID]
    assert isinstance(batch.failures[0].error, RuntimeError)


# 3. A total deadline per call and per batch.

TRICKLED = b'{"data":[{}]}' + b" " * 200  # 213 bytes at 20 ms each: 4 s without a deadline


def test_a_trickling_body_cannot_hold_a_call_past_its_deadline() -> None:
    with fault_server(trickle(TRICKLED, 0.02)) as url:
        made = xe.Client(
            bearer_token="t",
            base_url=url,
            timeout=2.0,
            deadline=0.5,
            retry=xe.RetryPolicy.disabled(),
        )
        started = time.monotonic()
        with pytest.raises(xe.DeadlineExceeded, match="deadline"):
            made.get_insights_28hr(**V2)
        assert time.monotonic() - started < 2.0  # 4 s without the deadline


def test_a_trickling_head_cannot_hold_a_call_past_its_deadline() -> None:
    # A head of about 260 bytes at 20 ms each: 5 s before the body starts, each read well within
    # httpx's 2 s read timeout.
    with fault_server(trickle(TRICKLED, 0.02, headers_too=True, padding=200)) as url:
        made = xe.Client(bearer_token="t", base_url=url, timeout=2.0, deadline=0.5, retry=xe.RetryPolicy.disabled())
        started = time.monotonic()
        with pytest.raises(xe.DeadlineExceeded):
            made.get_insights_28hr(**V2)
        assert time.monotonic() - started < 2.0  # 4 s without the deadline


def test_a_trickling_head_cannot_hold_an_async_call_past_its_deadline() -> None:
    async def main(url: str) -> None:
        async with xe.AsyncClient(bearer_token="t", base_url=url, timeout=2.0, deadline=0.5) as made:
            await made.get_insights_28hr(**V2)

    with fault_server(trickle(TRICKLED, 0.02, headers_too=True)) as url:
        started = time.monotonic()
        with pytest.raises(xe.DeadlineExceeded):
            asyncio.run(main(url))
        assert time.monotonic() - started < 2.0  # 4 s without the deadline


def test_the_deadline_counts_retries_and_their_waits(server: ScriptedServer) -> None:
    server.reply(*[Reply(503, b"{}")] * 20)
    made, sleeps = client(server, xe.RetryPolicy(max_retries=19, rng=lambda: 0.0), deadline=10.0)
    with pytest.raises(xe.ServerError):
        made.get_insights_28hr(**V2)
    assert sleeps == [0.5, 1.0, 2.0, 4.0]  # the next (8 s) would pass the 10 s deadline


def test_the_default_deadline_is_finite_and_documented() -> None:
    from x_engagement._call import DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES

    assert DEFAULT_DEADLINE == 120.0 and DEFAULT_MAX_RESPONSE_BYTES == 64 * 1024 * 1024
    with pytest.raises(ValueError, match="deadline"):
        xe.Client(deadline=0)


def test_a_batch_deadline_fails_the_chunks_it_cuts_off_and_keeps_the_rest() -> None:
    def slow(got: Received) -> Reply:
        """The first chunk (ids 1-25) at once, the others after 3 s."""
        reply = answer(got)
        reply.delay = 0.0 if "1," in dict(got.query)["tweet_ids"][:2] else 3.0
        return reply

    ids = [str(i) for i in range(1, 76)]
    with scripted_server(default=slow) as api:
        made = xe.Client(bearer_token="t", base_url=api.url, retry=xe.RetryPolicy.disabled())
        started = time.monotonic()
        batch = made.batch.get_insights_28hr(
            tweet_ids=ids,
            granularity="Total",
            requested_metrics=["Likes"],
            concurrency=1,
            deadline=0.8,
        )
        took = time.monotonic() - started
    assert len(batch.results) == 1 and len(batch.failures) == 2 and took < 2.0
    assert all(isinstance(f.error, xe.DeadlineExceeded) for f in batch.failures)


# 4. max_response_bytes, on the wire and inflated, enforced while streaming.

LIMIT = 1024 * 1024


def peak_during(action: Any) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        action()
    except BaseException as exc:
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return None, 0


def test_a_gzip_bomb_stops_at_the_limit_with_bounded_memory(
    server: ScriptedServer,
) -> None:
    bomb = gzip.compress(b"[" + b" " * (40 * LIMIT) + b"]", 9)  # 40 KB on the wire, 40 MB inflated
    server.reply(Reply(200, bomb, {**JSON, "content-encoding": "gzip"}))
    made, _ = client(server, max_response_bytes=LIMIT)
    error, peak = peak_during(lambda: made.get_insights_28hr(**V2))
    assert isinstance(error, xe.ResponseTooLarge) and error.limit == LIMIT
    assert len(error.content) <= 64 * 1024 and peak < 4 * LIMIT


def test_an_oversized_body_is_refused_by_its_declared_length(
    server: ScriptedServer,
) -> None:
    server.reply(Reply(200, b"[" + b"0," * (2 * LIMIT) + b"0]", JSON))
    made, _ = client(server, max_response_bytes=LIMIT)
    error, peak = peak_during(lambda: made.get_insights_28hr(**V2))
    assert isinstance(error, xe.ResponseTooLarge) and error.status == 200
    assert len(error.content) <= 64 * 1024 and peak < 2 * LIMIT


def test_an_endless_body_is_cut_off_while_streaming() -> None:
    with fault_server(endless(b"0," * 32768, JSON)) as url:
        made = xe.Client(
            bearer_token="t",
            base_url=url,
            max_response_bytes=LIMIT,
            retry=xe.RetryPolicy.disabled(),
        )
        error, peak = peak_during(lambda: made.get_insights_28hr(**V2))
    assert isinstance(error, xe.ResponseTooLarge) and "more than" in str(error)
    assert error.content == (b"0," * 32768)[: 64 * 1024] and peak < 4 * LIMIT  # exactly the first 64 KiB


# 5. Retry timing.


@pytest.mark.parametrize(
    "headers",
    [
        {"x-rate-limit-reset": str(int(NOW) - 60)},
        {"retry-after": "nan"},
        {"retry-after": "-5"},
        {"retry-after": "0"},
    ],
    ids=["reset-in-the-past", "nan", "negative", "zero"],
)
def test_a_429_with_no_usable_wait_backs_off(server: ScriptedServer, headers: dict[str, str]) -> None:
    server.reply(Reply(429, b"{}", {**JSON, **headers}), OK)
    made, sleeps = client(server)
    made.get_insights_28hr(**V2)
    assert sleeps == [0.5]


def test_retry_after_as_an_http_date_is_honoured(server: ScriptedServer) -> None:
    server.reply(
        Reply(429, b"{}", {**JSON, "retry-after": formatdate(NOW + 30, usegmt=True)}),
        OK,
    )
    made, sleeps = client(server)
    made.get_insights_28hr(**V2)
    assert sleeps == [30.0]


def test_the_total_rate_limit_wait_of_a_call_is_capped(server: ScriptedServer) -> None:
    server.reply(*[Reply(429, b"{}", {**JSON, "x-rate-limit-reset": str(int(NOW) + 899)})] * 4)
    made, sleeps = client(server, deadline=None)
    with pytest.raises(xe.RateLimited):
        made.get_insights_28hr(**V2)
    assert sleeps == [899.0]  # a second 899 s wait would pass max_rate_limit_wait (900 s)


def test_the_deadline_caps_a_rate_limit_wait(server: ScriptedServer) -> None:
    server.reply(Reply(429, b"{}", {**JSON, "x-rate-limit-reset": str(int(NOW) + 300)}))
    made, sleeps = client(server)  # the default 120 s deadline
    with pytest.raises(xe.RateLimited):
        made.get_insights_28hr(**V2)
    assert sleeps == []


def test_a_5xx_with_a_broken_gzip_body_is_a_server_error_keeping_the_bytes(
    server: ScriptedServer,
) -> None:
    broken = gzip.compress(b'{"title":"Service Unavailable"}')[:-9]
    server.reply(*[Reply(503, broken, {**JSON, "content-encoding": "gzip"})] * 2)
    made, sleeps = client(server, xe.RetryPolicy(max_retries=1, rng=lambda: 0.0))
    with pytest.raises(xe.ServerError) as caught:
        made.get_insights_28hr(**V2)
    assert type(caught.value) is xe.ServerError and caught.value.content == broken and sleeps == [0.5]
