"""Decoding the largest responses the way the client does, against `json.loads` of the same bytes.

The candidate is the client's own per-response path (`Call.result` -> `_response.read_response`:
content-type check, typed msgspec decode with validation, result object), so a slow step added
around the decoder shows up here too, not only the decoder itself.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Mapping
from typing import Any

from benchmarks import payloads
from benchmarks.harness import Result, Settings, compare, repeat_for, timed
from x_engagement import _operations
from x_engagement._auth import BearerToken, OAuth1
from x_engagement._call import Call
from x_engagement._call import Settings as CallSettings
from x_engagement._operation import OperationSpec
from x_engagement._retry import RetryPolicy

HEADERS = {"content-type": "application/json"}
CREDENTIALS = CallSettings(
    bearer=BearerToken("bench-token"),
    oauth1=OAuth1("ck", "cs", "at", "ats"),
    base_url="http://127.0.0.1:9",
    retry=RetryPolicy.disabled(),
)


def client_decoder(op: OperationSpec, arguments: Mapping[str, Any], body: bytes) -> Callable[[], object]:
    """What the client runs on a 200 response to this request (validation of the call done once)."""
    call = Call(op, arguments, CREDENTIALS)
    return lambda: call.result(200, HEADERS, body)


def cases(quick: bool) -> list[tuple[str, Callable[[], object], bytes]]:
    v2 = payloads.largest_v2(quick)
    enterprise = payloads.largest_enterprise(quick)
    return [
        (
            f"decode largest v2 response ({len(v2.body) / 1e6:.2f} MB) to typed objects",
            client_decoder(_operations.GET_INSIGHTS_28HR, v2.call_arguments, v2.body),
            v2.body,
        ),
        (
            f"decode largest Enterprise 28hr, 4-level ({len(enterprise.body) / 1e3:.0f} KB)",
            client_decoder(_operations.GET_ENGAGEMENT_28HR, enterprise.call_arguments, enterprise.body),
            enterprise.body,
        ),
    ]


def peak_bytes(action: Callable[[], object]) -> int:
    """tracemalloc's peak while `action` runs, its result still alive at the end."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = action()
        peak = tracemalloc.get_traced_memory()[1]
        del result
        return peak
    finally:
        tracemalloc.stop()


def speed(name: str, decode: Callable[[], object], body: bytes, settings: Settings) -> Result:
    repeat = 1 if settings.quick else repeat_for(body)
    return compare(
        name,
        "json.loads",
        lambda: timed(decode, repeat),
        lambda: timed(lambda: json.loads(body), repeat),
        settings,
        target=1.0,
        note=f"{repeat} calls per round",
    )


def memory(name: str, decode: Callable[[], object], body: bytes) -> Result:
    """Peak bytes are deterministic enough that one measurement of each side is the figure."""
    candidate, baseline = peak_bytes(decode), peak_bytes(lambda: json.loads(body))
    return Result(
        name=f"peak memory: {name.split(' (')[0].removeprefix('decode ')}",
        baseline="json.loads",
        ratio=candidate / baseline,
        target=1.5,
        candidate_median=candidate / 1e6,
        baseline_median=baseline / 1e6,
        scale="MB",
        note="tracemalloc peak, result alive",
    )


def run(settings: Settings) -> list[Result]:
    measured = cases(settings.quick)
    return [speed(*case, settings) for case in measured] + [memory(*case) for case in measured]
