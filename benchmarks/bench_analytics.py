"""Post analytics (X v2.167): decoding its largest answer and making its rows, against `json.loads`.

The largest answer is 100 posts x 20 counters x hourly buckets over 7 days (the documented
maxima of `ids` and `analytics.fields`, a week of hours). Decoding is the client's own
per-response path (`Call.result`: content-type check, typed msgspec decode, AnalyticsResult),
target <= 1.0x json.loads; the rows are `result.to_rows()` on the decoded result, target <= 1.5x.
"""

from __future__ import annotations

from benchmarks import bench_decode, bench_rows, payloads
from benchmarks.harness import Result, Settings
from x_engagement import _operations
from x_engagement._results import AnalyticsResult


def run(settings: Settings) -> list[Result]:
    payload = payloads.largest_analytics(settings.quick)
    decode = bench_decode.client_decoder(_operations.GET_POSTS_ANALYTICS, payload.call_arguments, payload.body)
    result = decode()
    assert isinstance(result, AnalyticsResult) and result.complete
    rows = len(result.to_rows())
    size = f"{len(payload.body) / 1e6:.2f} MB"
    return [
        bench_decode.speed(f"decode largest post analytics ({size}) to typed objects", decode, payload.body, settings),
        bench_rows.speed(
            f"rows: largest post analytics ({rows} rows)",
            result.to_rows,
            payload.body,
            settings,
            bench_rows.ROWS_TARGET,
            "result.to_rows()",
        ),
        bench_decode.memory(f"decode largest post analytics ({size})", decode, payload.body),
    ]
