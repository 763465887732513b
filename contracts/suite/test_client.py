"""The generated client against the target: every operation called, its raw responses validated too."""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import pytest
import x_engagement

from contracts import spec
from contracts.checks import run_response_checks
from contracts.ledger import Ledger
from contracts.suite.conftest import operation_ids
from contracts.suite.support import Verdicts, valid_input
from contracts.target import Target


class RecordingTransport(httpx.BaseTransport):
    """Passes requests to the target's client and keeps each raw (still encoded) response."""

    def __init__(self, inner: httpx.Client) -> None:
        self.inner = inner
        self.seen: list[tuple[int, httpx.Headers, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.send(request, stream=True)
        try:
            raw = b"".join(response.iter_raw())
        finally:
            response.close()
        self.seen.append((response.status_code, response.headers, raw))
        return httpx.Response(response.status_code, headers=response.headers, stream=httpx.ByteStream(raw))


def _call(client: x_engagement.Client, operation: spec.Operation, instance: dict[str, Any]) -> Any:
    method = getattr(client, x_engagement_method(operation.operation_id))
    return method(**{name.replace(".", "_"): value for name, value in instance.items()})


def x_engagement_method(operation_id: str) -> str:
    """getInsights28hr -> get_insights_28hr, the generated method name."""
    out = ""
    for i, char in enumerate(operation_id):
        if char.isupper() or (char.isdigit() and i and not operation_id[i - 1].isdigit()):
            out += "_"
        out += char.lower()
    return out


def _consistent(result: Any, instance: dict[str, Any]) -> str | None:
    """The typed result holds what was asked for: every requested grouping, or every available post."""
    if isinstance(result, x_engagement.EngagementResult):
        missing = set(instance["groupings"]) - set(result.groupings)
        return f"groupings missing from the result: {sorted(missing)}" if missing else None
    answered = set(result.totals()) | {e for err in result.tweet_errors if err.tweets for e in err.tweets}
    missing = set(instance["tweet_ids"]) - answered
    return f"posts neither in the data nor in per-post errors: {sorted(missing)}" if missing else None


@pytest.mark.parametrize("operation_id", operation_ids())
def test_generated_client_round_trip(operation_id: str, target: Target, ledger: Ledger) -> None:
    operation = spec.operations()[operation_id]
    verdicts = Verdicts(ledger, target.label(operation))
    recorder = RecordingTransport(target.http)
    instance = valid_input(operation, target.tweet_ids)
    with httpx.Client(transport=recorder) as http:
        client = target.client(http_client=http)
        try:
            result = _call(client, operation, instance)
        except x_engagement.XEngagementError as exc:
            verdicts.record("client_call", f"{type(exc).__name__}: {exc}")
        else:
            verdicts.record("client_call", _consistent(result, instance))
    for status, headers, raw in recorder.seen:
        body = gzip.decompress(raw) if headers.get("content-encoding") == "gzip" else raw
        decoded_headers = {k: v for k, v in headers.items() if k.lower() not in ("content-encoding", "content-length")}
        raw_response = httpx.Response(status, headers=decoded_headers, content=body)
        for check, failure in run_response_checks(operation, raw_response).items():
            verdicts.record(f"client_raw_{check}", failure)
    verdicts.assert_clean()
