"""Any number of ids: chunked to the API's limit, concurrent, merged, failures kept apart."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import x_engagement as xe
from tests.support.server import Received, Reply, ScriptedServer, scripted_server

OAUTH1 = xe.OAuth1("k", "s", "t", "ts")
FAIL_ID = "999"


def answer(got: Received) -> Reply:
    """Data for every requested id; a 400 for any chunk holding FAIL_ID."""
    if got.method == "GET":
        ids = dict(got.query)["tweet_ids"].split(",")
        if FAIL_ID in ids:
            return Reply(400, b'{"type":"https://api.twitter.com/2/problems/invalid-request","title":"Invalid"}',
                         {"content-type": "application/problem+json"})  # fmt: skip
        totals = [{"tweet_id": i, "value": [{"metric_type": "Likes", "metric_value": int(i)}]} for i in ids]
        return Reply(body=json.dumps({"data": [{"measurement": {"metrics_total": totals}}]}).encode())
    ids = json.loads(got.body)["tweet_ids"]
    if FAIL_ID in ids:
        return Reply(400, b'{"errors":["Forbidden to access tweets: 999"]}')
    body = {"by_id": {i: {"favorites": str(i)} for i in ids}, "all": {"favorites": str(len(ids))},
            "unavailable_tweet_ids": [i for i in ids if i.endswith("7")]}  # fmt: skip
    return Reply(body=json.dumps(body).encode())


@pytest.fixture
def api() -> Iterator[ScriptedServer]:
    with scripted_server(default=answer) as running:
        yield running


def test_v2_ids_are_split_into_requests_of_25_and_merged(api: ScriptedServer) -> None:
    ids = [str(i) for i in range(1, 61)]
    progress: list[tuple[int, int]] = []
    with xe.Client(bearer_token="t", base_url=api.url) as client:
        batch = client.batch.get_insights_28hr(
            tweet_ids=ids, granularity="Total", requested_metrics=["Likes"], concurrency=3,
            on_progress=lambda done, total: progress.append((done, total)),
        )  # fmt: skip
    assert sorted(len(dict(r.query)["tweet_ids"].split(",")) for r in api.received) == [10, 25, 25]
    assert batch.complete and batch.failures == []
    merged = batch.merged
    assert merged is not None and merged.totals() == {i: {"Likes": int(i)} for i in ids}
    assert progress == [(1, 3), (2, 3), (3, 3)]


def test_totals_chunks_are_250_and_shared_keys_are_summed(api: ScriptedServer) -> None:
    ids = [str(i) for i in range(1, 601)]
    groupings: dict[str, xe.TotalsGrouping] = {
        "by_id": {"group_by": ["tweet.id", "engagement.type"]},
        "all": {"group_by": ["engagement.type"]},
    }
    with xe.Client(oauth1=OAUTH1, base_url=api.url) as client:
        batch = client.batch.get_engagement_totals(tweet_ids=ids, engagement_types=["favorites"], groupings=groupings)
    assert sorted(len(json.loads(r.body)["tweet_ids"]) for r in api.received) == [100, 250, 250]
    merged = batch.merged
    assert merged is not None
    assert merged.groupings["all"] == {"favorites": 600}
    assert len(merged.groupings["by_id"]) == 600
    assert sorted(merged.unavailable_tweet_ids, key=int) == [i for i in ids if i.endswith("7")]
    assert not batch.complete  # unavailable ids are a partial result


def test_a_failed_chunk_keeps_the_data_of_the_others(api: ScriptedServer) -> None:
    ids = [str(i) for i in range(1, 51)] + [FAIL_ID]
    with xe.Client(oauth1=OAUTH1, base_url=api.url, retry=xe.RetryPolicy.disabled()) as client:
        batch = client.batch.get_engagement_28hr(
            tweet_ids=ids,
            engagement_types=["impressions"],
            groupings={"by_id": {"group_by": ["tweet.id", "engagement.type"]}},
        )
    assert len(batch.results) == 2 and len(batch.failures) == 1
    assert batch.failed_tweet_ids == [FAIL_ID]
    assert isinstance(batch.failures[0].error, xe.EnterpriseApiError)
    merged = batch.merged
    assert merged is not None and len(merged.groupings["by_id"]) == 50


def test_the_whole_batch_is_validated_before_anything_is_sent(api: ScriptedServer) -> None:
    with xe.Client(bearer_token="t", base_url=api.url) as client:
        with pytest.raises(xe.InvalidRequest) as caught:
            client.batch.get_insights_28hr(
                tweet_ids=[str(i) for i in range(30)] + ["bad"], granularity="Total", requested_metrics=["Likes"]
            )
        with pytest.raises(xe.InvalidRequest, match="1 duplicate id"):
            client.batch.get_insights_28hr(tweet_ids=["1", "2", "1"], granularity="Total", requested_metrics=["Likes"])
    assert any("does not match" in p for p in caught.value.problems)
    assert api.received == []


def test_concurrency_is_bounded(api: ScriptedServer) -> None:
    active, peak = 0, 0
    lock = threading.Lock()

    def slow(got: Received) -> Reply:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        import time

        time.sleep(0.05)
        with lock:
            active -= 1
        return answer(got)

    api.default = slow
    with xe.Client(bearer_token="t", base_url=api.url) as client:
        client.batch.get_insights_28hr(
            tweet_ids=[str(i) for i in range(1, 201)], granularity="Total", requested_metrics=["Likes"], concurrency=2
        )
    assert len(api.received) == 8 and peak == 2


def test_async_batch_matches_the_sync_one(api: ScriptedServer) -> None:
    ids = [str(i) for i in range(1, 80)] + [FAIL_ID]
    progress: list[int] = []

    async def main() -> xe.BatchResult[Any]:
        async with xe.AsyncClient(bearer_token="t", base_url=api.url, retry=xe.RetryPolicy.disabled()) as client:
            return await client.batch.get_insights_28hr(
                tweet_ids=ids, granularity="Total", requested_metrics=["Likes"], concurrency=2,
                on_progress=lambda done, total: progress.append(done),
            )  # fmt: skip

    batch = asyncio.run(main())
    assert len(batch.results) == 3 and batch.failed_tweet_ids == ids[75:]
    merged = batch.merged
    assert merged is not None and len(merged.totals()) == 75
    assert progress == [1, 2, 3, 4]
