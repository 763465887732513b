"""The `x_mock` pytest plugin as a user meets it: used in a user's own test file.

One pytest subprocess runs a small user test module (the plugin named with `-p`, as the installed
`x-engagement-contracts` entry point names it; tests/package/test_installable.py proves the entry point
itself from the built wheels), so the whole file costs one interpreter start.
"""

from __future__ import annotations

import pytest

pytest_plugins = ("pytester",)

USER_TESTS = """
import asyncio
from datetime import datetime, timezone

import pytest
import x_engagement

GROUPS = {"g": {"group_by": ["tweet.id"]}}


def test_three_lines(x_mock):
    client = x_engagement.Client(base_url=x_mock.base_url, **x_mock.auth)
    result = client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    assert result.complete and x_mock.mode == "loopback" and x_mock.base_url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("x_mock", ["loopback", {"mode": "in-process", "now": "2026-03-10T14:37:12Z"}], indirect=True)
def test_both_variants_in_either_mode(x_mock):
    with x_engagement.Client(**x_mock.client_kwargs()) as client:
        engagement = client.get_engagement_28hr(
            tweet_ids=["20", "7404"], engagement_types=["impressions"], groupings=GROUPS
        )
        insights = client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    assert list(engagement.groupings["g"]) == ["20"] and engagement.unavailable_tweet_ids == ["7404"]
    assert insights.complete
    assert x_mock.mode != "in-process" or x_mock.base_url == "http://x-mock.invalid"


@pytest.mark.x_mock(mode="in-process")
def test_async_client_in_process(x_mock):
    async def fetch():
        async with x_engagement.AsyncClient(**x_mock.async_client_kwargs()) as client:
            return await client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])

    assert asyncio.run(fetch()).complete


@pytest.mark.x_mock(rate_limit="1/60")
def test_rate_limit_option(x_mock):
    client = x_engagement.Client(**x_mock.client_kwargs(), retry=x_engagement.RetryPolicy.disabled())
    client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    with pytest.raises(x_engagement.RateLimited):
        client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])


@pytest.mark.x_mock(faults="status:503@/2/*", now="2026-03-10T14:37:12Z", consumer_secret="mine")
def test_fault_clock_and_credential_options(x_mock):
    assert x_mock.credentials.consumer_secret == "mine"
    client = x_engagement.Client(**x_mock.client_kwargs(), retry=x_engagement.RetryPolicy.disabled())
    with pytest.raises(x_engagement.ServerError):
        client.get_insights_28hr(tweet_ids=["20"], granularity="Total", requested_metrics=["Likes"])
    result = client.get_engagement_28hr(tweet_ids=["20"], engagement_types=["impressions"], groupings=GROUPS)
    assert result.end == datetime(2026, 3, 10, 14, tzinfo=timezone.utc)


@pytest.mark.x_mock(rate_limit="lots")
def test_bad_option(x_mock):
    pass
"""


@pytest.mark.slow
def test_a_user_test_file_gets_a_running_mock_from_the_installed_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "contracts.pytest_plugin")
    result.assert_outcomes(passed=6, errors=1)
    output = result.stdout.str()
    assert "X_MOCK_RATE_LIMIT: got 'lots'; expected N or N/SECONDS" in output
    assert "Traceback" not in output and "During handling" not in output and "mine" not in output
