"""One-table rows of the largest responses, and their Arrow tables, against `json.loads` of the same bytes.

The response is decoded once, as the client does; what is timed is `result.to_rows()` and
`result.to_arrow()` (the Arrow table built column by column from the answer) on that result. json.loads is the yardstick an
analyst would otherwise start from: the rows should cost about as much as reading the JSON.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable

from benchmarks import payloads
from benchmarks.bench_decode import client_decoder, peak_bytes
from benchmarks.harness import Result, Settings, compare, repeat_for, timed, unavailable
from x_engagement import _operations
from x_engagement._results import EngagementResult, InsightsResult

ROWS_TARGET = 1.5
ARROW_TARGET = 2.0


def results(quick: bool) -> list[tuple[str, InsightsResult | EngagementResult, bytes]]:
    v2 = payloads.largest_v2(quick)
    enterprise = payloads.largest_enterprise(quick)
    decoded_v2 = client_decoder(_operations.GET_INSIGHTS_28HR, v2.call_arguments, v2.body)()
    decoded_enterprise = client_decoder(_operations.GET_ENGAGEMENT_28HR, enterprise.call_arguments, enterprise.body)()
    assert isinstance(decoded_v2, InsightsResult) and isinstance(decoded_enterprise, EngagementResult)
    return [
        (f"largest v2 ({len(decoded_v2.to_rows())} rows)", decoded_v2, v2.body),
        (f"largest Enterprise 4-level ({len(decoded_enterprise.to_rows())} rows)", decoded_enterprise, enterprise.body),
    ]


def speed(name: str, action: Callable[[], object], body: bytes, settings: Settings, target: float, note: str) -> Result:
    repeat = 1 if settings.quick else max(1, repeat_for(body) // 2)
    return compare(
        name,
        "json.loads",
        lambda: timed(action, repeat),
        lambda: timed(lambda: json.loads(body), repeat),
        settings,
        target=target,
        note=f"{note}; {repeat} calls per round",
    )


def memory(name: str, action: Callable[[], object], body: bytes) -> Result:
    candidate, baseline = peak_bytes(action), peak_bytes(lambda: json.loads(body))
    return Result(
        name=f"peak memory: {name}",
        baseline="json.loads",
        ratio=candidate / baseline,
        target=None,
        candidate_median=candidate / 1e6,
        baseline_median=baseline / 1e6,
        scale="MB",
        note="tracemalloc peak, result alive (report only)",
    )


def run(settings: Settings) -> list[Result]:
    rows: list[Result] = []
    has_arrow = importlib.util.find_spec("pyarrow") is not None
    for label, result, body in results(settings.quick):
        rows.append(speed(f"rows: {label}", result.to_rows, body, settings, ROWS_TARGET, "result.to_rows()"))
        if has_arrow:
            rows.append(
                speed(f"to_arrow: {label}", result.to_arrow, body, settings, ARROW_TARGET, "Arrow table, columnar")
            )
        else:
            rows.append(unavailable(f"to_arrow: {label}", "json.loads", ARROW_TARGET, "pyarrow not installed"))
        rows.append(memory(f"rows of the {label.split(' (')[0]}", result.to_rows, body))
        if has_arrow:
            rows.append(memory(f"to_arrow of the {label.split(' (')[0]}", result.to_arrow, body))
    return rows
