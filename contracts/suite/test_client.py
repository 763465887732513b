"""The generated client against the target: every operation called, its raw responses validated too."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

import x_engagement
from contracts import spec
from contracts.checks import run_response_checks
from contracts.ledger import Ledger, Verdicts
from contracts.semantics import v2_answered_ids
from contracts.suite.support import call_client, operation_ids, valid_input
from contracts.target import Target
from contracts.watchdog import Limits, read_body
from x_engagement._response import TooLarge, decompress


class RecordingTransport(httpx.BaseTransport):
    """Passes requests to the target's client and keeps each raw (still encoded) response."""

    def __init__(self, inner: httpx.Client, limits: Limits) -> None:
        self.inner = inner
        self.limits = limits
        self.seen: list[tuple[httpx.Request, int, httpx.Headers, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        response = self.inner.send(request, stream=True)
        raw = read_body(response, self.limits, started, raw=True)  # an endless body stops at the limit
        self.seen.append((request, response.status_code, response.headers, raw))
        return httpx.Response(response.status_code, headers=response.headers, stream=httpx.ByteStream(raw))


def _consistent(result: Any, instance: dict[str, Any], raw: dict[str, Any]) -> str | None:
    """The typed result keeps what the server sent: every requested grouping present in the raw
    body, every post with data or a per-post error. Whether the server answered what was asked is
    the semantic checks' business (client_raw_*), so a broken server does not fail this too."""
    if isinstance(result, x_engagement.EngagementResult):
        dropped = (set(instance["groupings"]) & set(raw)) - set(result.groupings)
        return f"groupings in the response but missing from the result: {sorted(dropped)}" if dropped else None
    if isinstance(result, x_engagement.AnalyticsResult):
        key = result.key_field
        sent = {i[key] for i in raw.get("data") or () if isinstance(i, dict) and isinstance(i.get(key), str)}
        kept = {getattr(item, key) for item in result.data}
        named = {p.get(k) for p in raw.get("errors") or () if isinstance(p, dict) for k in ("resource_id", "value")}
        dropped = (sent - kept) | (
            {n for n in named if isinstance(n, str)}
            - {v for p in result.errors for v in (p.resource_id, p.value) if isinstance(v, str)}
        )
        return f"items or problems in the response but missing from the result: {sorted(dropped)}" if dropped else None
    with_data, in_errors = v2_answered_ids(raw)
    answered = set(result.totals()) | {p.tweet_id for p in result.time_series()}
    answered |= {e for err in result.tweet_errors if err.tweets for e in err.tweets}
    dropped = (with_data | in_errors) - answered
    return f"posts in the response but missing from the result: {sorted(dropped)}" if dropped else None


@pytest.mark.parametrize("operation_id", operation_ids())
def test_generated_client_round_trip(operation_id: str, target: Target, ledger: Ledger) -> None:
    operation = spec.operations()[operation_id]
    verdicts = Verdicts(ledger, target.label(operation))
    limits = target.watchdog.limits if target.watchdog is not None else Limits()
    recorder = RecordingTransport(target.http, limits)
    instance = valid_input(operation, target.question_ids())
    with httpx.Client(transport=recorder) as http:
        client = target.client(http_client=http)
        try:
            result = call_client(client, operation, instance)
        except x_engagement.XEngagementError as exc:
            verdicts.record("client_call", f"{type(exc).__name__}: {exc}")
            result = None
    for request, status, headers, raw in recorder.seen:
        try:  # a gzip bomb inflates only to the limit (the client's ResponseTooLarge is its finding)
            gzipped = headers.get("content-encoding") == "gzip"
            body = decompress(raw, "gzip", limits.max_response_bytes) if gzipped else raw
        except TooLarge:
            continue
        decoded_headers = {k: v for k, v in headers.items() if k.lower() not in ("content-encoding", "content-length")}
        raw_response = httpx.Response(status, headers=decoded_headers, content=body, request=request)
        for check, failure in run_response_checks(operation, raw_response).items():
            verdicts.record(f"client_raw_{check}", failure)
        if result is not None and status == 200:
            parsed = json.loads(body)
            verdicts.record("client_call", _consistent(result, instance, parsed if isinstance(parsed, dict) else {}))
    verdicts.assert_clean()
