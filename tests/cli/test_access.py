"""`x-engagement access` and `x_engagement.access.probe`: one cheap request per operation against
a loopback server that answers post analytics, refuses the insights operations with X's problem
type and Enterprise with a 404, and drops media analytics; the table, the exit code (0 when a
source answers, 1 when none does) and no credential in the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

import x_engagement as xe
from tests.support.server import Received, Reply, scripted_server
from x_engagement.access import ANSWERS, NOT_ASKED, REFUSES, UNREACHABLE, probe, works

SECRETS = {
    "X_BEARER_TOKEN": "bearer-SECRET-1",
    "X_CONSUMER_KEY": "ckey-SECRET-2",
    "X_CONSUMER_SECRET": "csecret-SECRET-3",
    "X_ACCESS_TOKEN": "atoken-SECRET-4",
    "X_ACCESS_TOKEN_SECRET": "asecret-SECRET-5",
}
FORBIDDEN = {"type": "https://api.twitter.com/2/problems/client-forbidden", "title": "Client Forbidden",
             "detail": "This endpoint is not in your access.", "status": 403, "reason": "client-not-enrolled"}  # fmt: skip


def some_answer(asked: list[Received]) -> Callable[[Received], Reply]:
    def answer(got: Received) -> Reply:
        asked.append(got)
        if got.path == "/2/tweets/analytics":
            query = dict(got.query)
            body = {"data": [{"id": query["ids"], "timestamp": "2026-07-20T00:00:00Z", "app_install_attempts": 0}]}
            return Reply(200, json.dumps(body).encode())
        if got.path == "/2/media/analytics":
            return Reply(drop=True)
        if got.path.startswith("/2/insights/"):
            return Reply(403, json.dumps(FORBIDDEN).encode(), {"content-type": "application/problem+json"})
        return Reply(404, b"<html>not here</html>", {"content-type": "text/html"})

    return answer


def test_probe_says_which_operations_answer_refuse_or_are_unreachable() -> None:
    asked: list[Received] = []
    with scripted_server(default=some_answer(asked)) as server:
        oauth1 = xe.OAuth1("ck", "cs", "at", "ats")
        with xe.Client(bearer_token="t", oauth1=oauth1, base_url=server.url, retry=xe.RetryPolicy.disabled()) as client:
            probes = probe(client=client)
    by_operation = {p.operation: p for p in probes}
    assert [p.operation for p in probes] == [
        "getInsights28hr", "getInsightsHistorical", "getEngagement28hr", "getEngagementTotals",
        "getEngagementHistorical", "getPostsAnalytics", "getMediaAnalytics",
    ]  # fmt: skip
    assert by_operation["getPostsAnalytics"].outcome == ANSWERS
    assert by_operation["getMediaAnalytics"].outcome == UNREACHABLE
    for name in ("getInsights28hr", "getInsightsHistorical"):
        assert by_operation[name].outcome == REFUSES and by_operation[name].status == 403
        assert by_operation[name].detail.startswith(str(FORBIDDEN["type"]))
    for name in ("getEngagement28hr", "getEngagementTotals", "getEngagementHistorical"):
        assert (by_operation[name].outcome, by_operation[name].status) == (REFUSES, 404)
    assert works(probes)
    # One request per operation, the smallest: one id, one counter, a one-hour range.
    assert len([r for r in asked if r.path != "/"]) == 7
    analytics = dict(next(r for r in asked if r.path == "/2/tweets/analytics").query)
    assert analytics["ids"] == "20" and analytics["granularity"] == "total"
    start, end = (datetime.fromisoformat(analytics[k].replace("Z", "+00:00")) for k in ("start_time", "end_time"))
    assert end - start == timedelta(hours=1) and end.minute == end.second == 0
    historical = dict(parse_qsl(next(r for r in asked if r.path == "/2/insights/historical").raw_query))
    assert historical["tweet_ids"] == "20" and historical["requested_metrics"].count(",") == 0


def test_without_oauth1_the_enterprise_operations_are_not_asked() -> None:
    asked: list[Received] = []
    with scripted_server(default=some_answer(asked)) as server:
        with xe.Client(bearer_token="t", base_url=server.url, retry=xe.RetryPolicy.disabled()) as client:
            probes = probe(client=client)
    assert [p.outcome for p in probes if p.variant == "enterprise"] == [NOT_ASKED] * 3
    assert not any(r.path.startswith("/insights/engagement") for r in asked)


def run_access(url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_BEARER", "X_CONSUMER", "X_ACCESS", "X_API"))}
    env.update(SECRETS, X_API_BASE_URL=url, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.run([sys.executable, "-m", "x_engagement._cli", "access"], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.mark.subprocess
def test_the_command_prints_the_table_exits_0_when_a_source_answers_and_never_a_secret() -> None:
    with scripted_server(default=some_answer([])) as server:
        done = run_access(server.url)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["operation", "command", "variant", "outcome", "status", "detail"]
    table = {line.split()[0]: line.split() for line in lines[1:]}
    assert table["getPostsAnalytics"][3] == "answers"
    assert table["getMediaAnalytics"][3] == "unreachable"
    assert table["getInsights28hr"][3:6] == ["refuses", "403", FORBIDDEN["type"]]
    assert table["getEngagementTotals"][3:5] == ["refuses", "404"]
    assert "sources answering: analytics" in done.stderr
    for secret in SECRETS.values():
        assert secret not in done.stdout + done.stderr


@pytest.mark.subprocess
def test_the_command_exits_1_when_no_source_answers() -> None:
    def refuse(got: Received) -> Reply:
        return Reply(403, json.dumps(FORBIDDEN).encode(), {"content-type": "application/problem+json"})

    with scripted_server(default=refuse) as server:
        done = run_access(server.url)
    assert done.returncode == 1
    assert "no source answers" in done.stderr
    assert done.stdout.count("refuses") == 7
    assert "Traceback" not in done.stderr
