"""10,000 ids (400 requests of 25) through the async batch helper vs raw httpx async, same concurrency.

The baseline replays the 400 requests the helper sent (recorded on a warm-up run) through one
httpx.AsyncClient with a semaphore of the same size, and json.loads each body.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx

import x_engagement as xe
from benchmarks.harness import Result, Settings, interleaved_async, ratio_row
from benchmarks.mockserver import BEARER_TOKEN, running_mock
from benchmarks.payloads import tweet_ids

CONCURRENCY = 8
OPTIONS = {"granularity": "Total", "requested_metrics": ["Impressions", "Likes"]}


async def through_helper(client: xe.AsyncClient, ids: list[str]) -> float:
    start = time.perf_counter()
    batch = await client.batch.get_insights_28hr(tweet_ids=ids, concurrency=CONCURRENCY, **OPTIONS)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    if batch.failures:
        raise RuntimeError(f"{len(batch.failures)} chunk(s) failed: {batch.failures[0].error}")
    return elapsed


async def raw_httpx(http: httpx.AsyncClient, requests: list[httpx.Request]) -> float:
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(request: httpx.Request) -> object:
        async with limit:
            response = await http.get(str(request.url), headers=dict(request.headers))
            response.raise_for_status()
            return json.loads(response.content)

    start = time.perf_counter()
    await asyncio.gather(*(one(request) for request in requests))
    return time.perf_counter() - start


async def recorded_requests(base_url: str, ids: list[str]) -> list[httpx.Request]:
    """Every request the helper sends for `ids`, captured on a warm-up run."""
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as recorder:
        client = xe.AsyncClient(bearer_token=BEARER_TOKEN, base_url=base_url, http_client=recorder)
        await through_helper(client, ids)
    return sent


async def measure(base_url: str, settings: Settings, count: int) -> Result:
    ids = tweet_ids(count)
    sent = await recorded_requests(base_url, ids)
    retry = xe.RetryPolicy.disabled()
    async with (
        xe.AsyncClient(bearer_token=BEARER_TOKEN, base_url=base_url, retry=retry) as client,
        httpx.AsyncClient() as http,
    ):
        await raw_httpx(http, sent)  # warm the raw side's connections too
        pair = await interleaved_async(
            lambda: through_helper(client, ids), lambda: raw_httpx(http, sent), settings.rounds
        )
    return ratio_row(
        f"{count:,} ids ({len(sent)} requests) through the async batch helper",
        f"raw httpx async, concurrency {CONCURRENCY}",
        pair,
        target=1.1,
        note="v2 get_insights_28hr, Total, 2 metrics; ms per round of all requests",
    )


def run(settings: Settings) -> list[Result]:
    count = 100 if settings.quick else 10_000
    with running_mock() as base_url:
        return [asyncio.run(measure(base_url, settings, count))]
