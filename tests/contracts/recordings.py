"""A session of the generated client against a server: the five operations, valid arguments, and
one call with a wrong token (so error responses get recorded too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from x_engagement import Client, OAuth1
from x_engagement._params import Grouping
from x_engagement.errors import XEngagementError

BEARER = "mock-bearer-token"
OAUTH1 = OAuth1(
    "mock-consumer-key",
    "mock-consumer-secret",
    "mock-access-token",
    "mock-access-token-secret",
)
SECRETS = (
    BEARER,
    "mock-consumer-secret",
    "mock-access-token",
    "mock-access-token-secret",
    "mock-consumer-key",
)
IDS = [
    "1346889436626259968",
    "1346889436626259404",
]  # the second one is unavailable at the mock


def calls(client: Client) -> None:
    """Every operation once; a broken server's bad answer is the recording's business, not ours."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    grouping: dict[str, Grouping] = {
        "series": {
            "group_by": [
                "tweet.id",
                "engagement.type",
                "engagement.day",
                "engagement.hour",
            ]
        }
    }
    for call in (
        lambda: client.get_insights_28hr(tweet_ids=IDS, granularity="Hourly", requested_metrics=["Impressions", "Likes"]),
        lambda: client.get_insights_historical(
            tweet_ids=IDS, start_time=now - timedelta(days=2), end_time=now, granularity="Daily",
            requested_metrics=["Impressions"],
        ),
        lambda: client.get_engagement_28hr(tweet_ids=IDS, engagement_types=["impressions"], groupings=grouping),
        lambda: client.get_engagement_historical(
            tweet_ids=IDS, engagement_types=["impressions", "favorites"], groupings=grouping,
            start=now - timedelta(days=3), end=now,
        ),
        lambda: client.get_engagement_totals(
            tweet_ids=IDS, engagement_types=["favorites"], groupings={"t": {"group_by": ["tweet.id", "engagement.type"]}}
        ),
    ):  # fmt: skip
        try:
            call()
        except XEngagementError:
            pass


def record_session(base_url: str, path: Path, http_client: httpx.Client | None = None) -> Path:
    """Record a session against `base_url` into `path` (JSON Lines) with the client's recorder."""
    with Client(bearer_token=BEARER, oauth1=OAUTH1, base_url=base_url, http_client=http_client, record_to=path,
                sleep=lambda _: None) as client:  # fmt: skip
        calls(client)
    with Client(
        bearer_token="not-the-token",
        base_url=base_url,
        http_client=http_client,
        record_to=path,
    ) as client:
        try:
            client.get_insights_28hr(
                tweet_ids=IDS[:1],
                granularity="Total",
                requested_metrics=["Impressions"],
            )
        except XEngagementError:
            pass
    return path


def record_raw_26_ids(base_url: str, path: Path, http_client: httpx.Client) -> Path:
    """What the client refuses to send (26 ids), sent through a plain httpx client with the recorder hook."""
    from x_engagement._recording import Recorder

    http_client.event_hooks["response"].append(Recorder(path).hook)
    ids = ",".join(str(10**18 + i) for i in range(26))
    http_client.get(
        f"{base_url}/2/insights/28hr",
        params={
            "tweet_ids": ids,
            "granularity": "Total",
            "requested_metrics": "Impressions",
        },
        headers={"authorization": f"Bearer {BEARER}"},
    )
    return path
