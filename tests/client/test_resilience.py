"""Timeouts, retries with backoff, and waiting for the rate-limit reset, on a real server."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

import x_engagement as xe
from tests.support.server import Reply, ScriptedServer

V2: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Total", "requested_metrics": ["Likes"]}
OK = Reply(body=b'{"data":[{}]}')
NOW = 1_700_000_000.0


class Sleeps(list[float]):
    """An injected sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make(server: ScriptedServer, retry: xe.RetryPolicy | None = None, **kwargs: Any) -> tuple[xe.Client, Sleeps]:
    sleeps = Sleeps()
    policy = retry or xe.RetryPolicy(rng=lambda: 0.0)
    client = xe.Client(bearer_token="t", base_url=server.url, retry=policy, sleep=sleeps, clock=lambda: NOW, **kwargs)
    return client, sleeps


def test_5xx_is_retried_with_exponential_backoff(server: ScriptedServer) -> None:
    server.reply(Reply(500, b"{}"), Reply(502, b"{}"), Reply(503, b"{}"), OK)
    client, sleeps = make(server)
    assert client.get_insights_28hr(**V2).data
    assert sleeps == [0.5, 1.0, 2.0]
    assert len(server.received) == 4


def test_jitter_shortens_the_backoff_within_bounds() -> None:
    policy = xe.RetryPolicy(jitter=0.25, rng=lambda: 1.0)
    assert policy.backoff(0) == pytest.approx(0.375)
    assert xe.RetryPolicy(backoff_max=4.0, rng=lambda: 0.0).backoff(10) == 4.0


def test_server_errors_surface_after_the_last_retry(server: ScriptedServer) -> None:
    server.reply(*[Reply(503, b'{"title":"x","type":"about:blank"}', {"content-type": "application/problem+json"})] * 4)
    client, sleeps = make(server)
    with pytest.raises(xe.ServerError) as caught:
        client.get_insights_28hr(**V2)
    assert caught.value.status == 503 and len(sleeps) == 3 and len(server.received) == 4


def test_429_waits_until_the_reset_header(server: ScriptedServer) -> None:
    server.reply(Reply(429, b"{}", {"content-type": "application/json", "x-rate-limit-reset": str(int(NOW) + 42)}), OK)
    client, sleeps = make(server)
    client.get_insights_28hr(**V2)
    assert sleeps == [42.0]


def test_429_honours_retry_after_when_there_is_no_reset(server: ScriptedServer) -> None:
    server.reply(Reply(429, b"{}", {"content-type": "application/json", "retry-after": "7"}), OK)
    client, sleeps = make(server)
    client.get_insights_28hr(**V2)
    assert sleeps == [7.0]


def test_429_beyond_the_maximum_wait_raises_rate_limited_at_once(server: ScriptedServer) -> None:
    headers = {"content-type": "application/json", "x-rate-limit-reset": str(int(NOW) + 3600)}
    server.reply(Reply(429, b"{}", headers))
    client, sleeps = make(server, xe.RetryPolicy(max_rate_limit_wait=60))
    with pytest.raises(xe.RateLimited) as caught:
        client.get_insights_28hr(**V2)
    assert sleeps == [] and caught.value.reset_at is not None


def test_enterprise_429_without_reset_backs_off(server: ScriptedServer) -> None:
    server.reply(
        Reply(429, b'{"errors":["rate limit"]}', {"content-type": "application/json", "x-per-minute-remaining": "0"}),
        Reply(body=b'{"g":{}}'),
    )
    sleeps = Sleeps()
    client = xe.Client(
        oauth1=xe.OAuth1("k", "s", "t", "ts"), base_url=server.url, retry=xe.RetryPolicy(rng=lambda: 0.0), sleep=sleeps
    )
    client.get_engagement_28hr(
        tweet_ids=["1"], engagement_types=["impressions"], groupings={"g": {"group_by": ["tweet.id"]}}
    )
    assert sleeps == [0.5]


def test_4xx_other_than_429_is_not_retried(server: ScriptedServer) -> None:
    server.reply(Reply(400, b'{"errors":["bad"]}'))
    client, sleeps = make(server)
    with pytest.raises(xe.ApiError):
        client.get_insights_28hr(**V2)
    assert sleeps == [] and len(server.received) == 1


def test_a_dropped_connection_is_retried(server: ScriptedServer) -> None:
    server.reply(Reply(drop=True), OK)
    client, sleeps = make(server)
    assert client.get_insights_28hr(**V2).data
    assert sleeps == [0.5] and len(server.received) == 2


def test_retries_can_be_switched_off(server: ScriptedServer) -> None:
    server.reply(Reply(drop=True))
    client, sleeps = make(server, xe.RetryPolicy.disabled())
    with pytest.raises(xe.TransportError) as caught:
        client.get_insights_28hr(**V2)
    assert sleeps == [] and caught.value.request.url.startswith(server.url)


def test_a_stalled_server_times_out_instead_of_hanging(server: ScriptedServer) -> None:
    server.reply(Reply(delay=2.0, body=b'{"data":[{}]}'))
    client, _ = make(server, xe.RetryPolicy.disabled(), timeout=httpx.Timeout(0.3))
    started = time.monotonic()
    with pytest.raises(xe.TransportError, match="ReadTimeout"):
        client.get_insights_28hr(**V2)
    assert time.monotonic() - started < 1.5


def test_default_timeouts_are_finite() -> None:
    from x_engagement._call import DEFAULT_TIMEOUT

    assert DEFAULT_TIMEOUT.connect == 5.0 and DEFAULT_TIMEOUT.read == 30.0


def test_async_client_retries_the_same_way(server: ScriptedServer) -> None:
    server.reply(
        Reply(503, b"{}"),
        Reply(429, b"{}", {"content-type": "application/json", "x-rate-limit-reset": str(int(NOW) + 3)}),
        OK,
    )
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def main() -> xe.InsightsResult:
        async with xe.AsyncClient(bearer_token="t", base_url=server.url, retry=xe.RetryPolicy(rng=lambda: 0.0),
                                  sleep=sleep, clock=lambda: NOW) as client:  # fmt: skip
            return await client.get_insights_28hr(**V2)

    assert asyncio.run(main()).data
    assert sleeps == [0.5, 3.0]
