"""Error messages that say what to do: close matches, the other API's name, limits, the caller's own index."""

from __future__ import annotations

import asyncio
import itertools
import shlex
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import x_engagement as xe
from tests.client.test_batching import answer
from tests.support.server import Received, Reply, ScriptedServer, scripted_server

OAUTH1 = xe.OAuth1("k", "s", "t", "ts")
V2: dict[str, Any] = {"tweet_ids": ["1"], "granularity": "Hourly", "requested_metrics": ["Likes"]}
ENT: dict[str, Any] = {
    "tweet_ids": ["1"],
    "engagement_types": ["favorites"],
    "groupings": {"g": {"group_by": ["tweet.id"]}},
}


@pytest.fixture
def api() -> Iterator[ScriptedServer]:
    with scripted_server(answer) as server:
        yield server


def _problems(client: xe.Client, method: str, **arguments: Any) -> list[str]:
    with pytest.raises(xe.InvalidRequest) as caught:
        getattr(client, method)(**arguments)
    return caught.value.problems


def test_unknown_enum_values_get_a_did_you_mean_and_other_variant_names_say_so(api: ScriptedServer) -> None:
    with xe.Client(bearer_token="t", oauth1=OAUTH1, base_url=api.url) as client:
        v2 = _problems(client, "get_insights_28hr", **{**V2, "granularity": "hourly",
                       "requested_metrics": ["favorites", "impresions", "user_follows", "Nonsense"]})  # fmt: skip
        ent = _problems(client, "get_engagement_28hr", **{**ENT,
                        "engagement_types": ["Likes", "Favourites", "VideoStarts", "QuoteTweets"]})  # fmt: skip
    assert v2 == [
        'granularity: "hourly" is not one of the 4 allowed values; did you mean "Hourly"?',
        'requested_metrics[0]: "favorites" is an Enterprise engagement type; the v2 metric is "Likes"',
        'requested_metrics[1]: "impresions" is not one of the 26 allowed values; did you mean "Impressions"?',
        'requested_metrics[2]: "user_follows" is an Enterprise engagement type; the v2 metric is "Follows"',
        'requested_metrics[3]: "Nonsense" is not one of "AppInstallAttempts", "AppOpens" or 24 other candidates',
    ]
    assert ent == [
        'engagement_types[0]: "Likes" is a v2 metric; the Enterprise engagement type is "favorites"',
        'engagement_types[1]: "Favourites" is not one of the 17 allowed values; did you mean "favorites"?',
        'engagement_types[2]: "VideoStarts" is a v2 metric; the Enterprise API has no counterpart '
        "('video_starts' in x-metrics)",
        'engagement_types[3]: "QuoteTweets" is a v2 metric; the Enterprise engagement type "quote_tweets" is not '
        "accepted by this operation",
    ]
    assert api.received == []


def test_too_many_ids_names_the_limit_and_the_batch_without_echoing_them(api: ScriptedServer) -> None:
    ids = [str(10**15 + i) for i in range(300)]
    with xe.Client(bearer_token="t", oauth1=OAUTH1, base_url=api.url) as client:
        problems = _problems(client, "get_insights_28hr", **{**V2, "tweet_ids": ids})
        twice = _problems(client, "get_insights_28hr", **{**V2, "tweet_ids": ["7"] * 40})
    assert problems == [
        "tweet_ids: 300 ids, but one request takes at most 25; the same method on client.batch "
        "(or `x-engagement fetch`) splits any number of ids into requests of 25"
    ]
    assert twice[1] == 'tweet_ids: ["7", "7", "7", "7", "7", ... (40 items)] has non-unique elements'
    assert all(len(p) < 200 for p in problems + twice)


def test_batch_problems_name_the_index_in_the_callers_list(api: ScriptedServer) -> None:
    ids = [str(i) for i in range(1, 60)] + ["x59", *(str(i) for i in range(100, 130)), "bad"]
    with xe.Client(bearer_token="t", base_url=api.url) as client:
        with pytest.raises(xe.InvalidRequest) as caught:
            client.batch.get_insights_28hr(tweet_ids=ids, granularity="Total", requested_metrics=["Likes"])
        with pytest.raises(xe.InvalidRequest, match=r"40 duplicate id\(s\): \[\"0\", .*\.\.\. \(40 items\)\]"):
            client.batch.get_insights_28hr(
                tweet_ids=[str(i) for i in range(40)] * 2, granularity="Total", requested_metrics=["Likes"]
            )
    assert ids[59] == "x59" and ids[90] == "bad"
    assert caught.value.problems == [
        'tweet_ids[59]: "x59" does not match "^[0-9]{1,19}$"',
        'tweet_ids[90]: "bad" does not match "^[0-9]{1,19}$"',
    ]
    assert api.received == []


@pytest.mark.parametrize("concurrency", [0, -1, 1.5, "4", True, None])
def test_concurrency_must_be_a_positive_int_before_any_request(api: ScriptedServer, concurrency: Any) -> None:
    with xe.Client(bearer_token="t", base_url=api.url) as client:
        with pytest.raises(xe.InvalidRequest, match="concurrency: expected a positive int") as caught:
            client.batch.get_insights_28hr(tweet_ids=["1"], granularity="Total", requested_metrics=["Likes"],
                                           concurrency=concurrency)  # fmt: skip
    assert isinstance(caught.value, ValueError)

    async def main() -> None:
        async with xe.AsyncClient(bearer_token="t", base_url=api.url) as client:
            await client.batch.get_insights_28hr(tweet_ids=["1"], granularity="Total", requested_metrics=["Likes"],
                                                 concurrency=concurrency)  # fmt: skip

    with pytest.raises(xe.InvalidRequest, match="concurrency"):
        asyncio.run(main())
    assert api.received == []


class Stop(Exception):
    pass


def _slow_after_the_first() -> Callable[[Received], Reply]:
    """Answers the first request at once and later ones after 0.3 s: the second is still in flight
    when on_progress raises for the first, so what happens to the rest is not a race."""
    seen = itertools.count()

    def reply(got: Received) -> Reply:
        if next(seen) > 0:
            time.sleep(0.3)
        return answer(got)

    return reply


def test_an_exception_from_on_progress_propagates_and_cancels_chunks_not_started() -> None:
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        raise Stop("progress bar broke")

    ids = [str(i) for i in range(1, 251)]  # 10 chunks, one at a time
    with scripted_server(_slow_after_the_first()) as api, xe.Client(bearer_token="t", base_url=api.url) as client:
        with pytest.raises(Stop):
            client.batch.get_insights_28hr(tweet_ids=ids, granularity="Total", requested_metrics=["Likes"],
                                           concurrency=1, on_progress=progress)  # fmt: skip
        # The one in flight finishes; the rest never start. Whether the single worker had already
        # taken the second chunk when on_progress raised is the scheduler's choice (1 or 2 sent).
        assert calls == [1] and 1 <= len(api.received) <= 2

    async def main(url: str) -> None:
        async with xe.AsyncClient(bearer_token="t", base_url=url) as client:
            await client.batch.get_insights_28hr(tweet_ids=ids, granularity="Total", requested_metrics=["Likes"],
                                                 concurrency=1, on_progress=progress)  # fmt: skip

    with scripted_server(_slow_after_the_first()) as api:
        with pytest.raises(Stop):
            asyncio.run(main(api.url))
        time.sleep(0.4)  # a request the cancellation missed would arrive by now
        assert calls == [1, 1] and len(api.received) <= 2


def test_repeated_chunk_errors_are_one_line(api: ScriptedServer) -> None:
    def refuse(got: Received) -> Reply:
        return Reply(401, b'{"errors":["Tweet ID(s) are unavailable"]}')

    api.default = refuse
    with xe.Client(oauth1=OAUTH1, base_url=api.url, retry=xe.RetryPolicy.disabled()) as client:
        batch = client.batch.get_engagement_28hr(**{**ENT, "tweet_ids": [str(i) for i in range(1, 101)]})
    assert len(batch.failures) == 4
    assert len(batch.error_messages) == 1 and batch.error_messages[0].endswith("(x4)")


@pytest.mark.subprocess
def test_as_curl_runs_after_one_export_and_holds_no_secret(api: ScriptedServer) -> None:
    api.default = lambda got: Reply(503, b"{}")
    with xe.Client(bearer_token="secret-token-value", base_url=api.url, retry=xe.RetryPolicy.disabled()) as client:
        with pytest.raises(xe.ApiError) as caught:
            client.get_insights_28hr(**V2)
    command = caught.value.request.as_curl()
    assert "secret-token-value" not in command
    assert '-H "Authorization: Bearer $X_BEARER_TOKEN"' in command
    api.default = lambda got: Reply(200, got.headers.get("authorization", "none").encode())
    shell = f"export X_BEARER_TOKEN=from-the-shell && {command} -s"
    done = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=10, check=True)
    assert done.stdout == "Bearer from-the-shell"


def test_as_curl_of_an_oauth1_request_names_its_placeholder(api: ScriptedServer) -> None:
    api.default = lambda got: Reply(503, b"{}")
    with xe.Client(oauth1=OAUTH1, base_url=api.url, retry=xe.RetryPolicy.disabled()) as client:
        with pytest.raises(xe.ApiError) as caught:
            client.get_engagement_28hr(**ENT)
    command = caught.value.request.as_curl()
    assert '-H "Authorization: $X_OAUTH1_AUTHORIZATION"' in command and "oauth_signature" not in command
    assert shlex.split(command, comments=True)[0] == "curl"
