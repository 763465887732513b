"""500 sequential v2 calls through the generated Client against the mock, vs raw httpx + json.loads.

The baseline replays byte for byte the request the client sent (URL, headers, bearer token), on
its own keep-alive httpx.Client, and parses the body with json.loads: what a hand-written caller
would do. So the ratio is the cost of validation, request building, typed decoding and results.
"""

from __future__ import annotations

import json

import httpx

import x_engagement as xe
from benchmarks.harness import Result, Settings, compare, timed
from benchmarks.mockserver import BEARER_TOKEN, running_mock
from benchmarks.payloads import tweet_ids

# A typical small request (the README's): 2 posts, 3 metrics, hourly over 28 hours (~10 KB).
ARGUMENTS = {
    "tweet_ids": tweet_ids(2),
    "granularity": "Hourly",
    "requested_metrics": ["Impressions", "Likes", "Replies"],
}


def recorded_request(base_url: str) -> httpx.Request:
    """The request the client sends for ARGUMENTS, captured on the way out."""
    seen: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [seen.append]}) as http:
        client = xe.Client(
            bearer_token=BEARER_TOKEN,
            base_url=base_url,
            http_client=http,
            retry=xe.RetryPolicy.disabled(),
        )
        client.get_insights_28hr(**ARGUMENTS)  # type: ignore[arg-type]
    return seen[0]


def run(settings: Settings) -> list[Result]:
    calls = 5 if settings.quick else 500
    with running_mock() as base_url:
        sent = recorded_request(base_url)
        url, headers = str(sent.url), dict(sent.headers)
        client = xe.Client(bearer_token=BEARER_TOKEN, base_url=base_url, retry=xe.RetryPolicy.disabled())
        raw = httpx.Client()

        def through_client() -> None:
            for _ in range(calls):
                client.get_insights_28hr(**ARGUMENTS)  # type: ignore[arg-type]

        def raw_httpx() -> None:
            for _ in range(calls):
                response = raw.get(url, headers=headers)
                response.raise_for_status()
                json.loads(response.content)

        with client, raw:
            through_client()  # warm both connections and code paths
            raw_httpx()
            return [
                compare(
                    f"{calls} sequential calls, generated Client -> mock on 127.0.0.1",
                    "raw httpx + json.loads",
                    lambda: timed(through_client),
                    lambda: timed(raw_httpx),
                    settings,
                    target=1.1,
                    note="v2 get_insights_28hr, 2 posts x 3 metrics hourly (gzip); ms per round of all calls",
                )
            ]
