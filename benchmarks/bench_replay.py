"""`contracts replay` throughput vs jsonschema-rs alone on the same recorded bodies.

The recording is the client recorder's JSON Lines: the largest v2 response (and a smaller
Enterprise one) repeated, each with the request that asked for it. The candidate is the whole
replay (read, match, every registered check); the baseline is json.loads plus a jsonschema-rs
validator, compiled once, on the same response bodies. The note gives exchanges per second.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlencode

import jsonschema_rs

from benchmarks import payloads
from benchmarks.harness import Result, Settings, compare, timed, unavailable

NAME = "replay a recording (largest v2 + Enterprise responses), exchanges/s"
BASELINE = "json.loads + jsonschema-rs"
DATE = format_datetime(payloads.NOW, usegmt=True)


def _line(method: str, url: str, request_body: bytes | None, body: bytes) -> str:
    return json.dumps({
        "request": {"method": method, "url": url, "headers": {"accept": "application/json"},
                    "body": request_body.decode() if request_body else None},
        # dated when the payloads were made, as X's Date header dates a real answer (window_28hr reads it)
        "response": {"status": 200, "headers": {"content-type": "application/json", "date": DATE},
                     "body": body.decode()},
    })  # fmt: skip


def recording(folder: Path, exchanges: int, quick: bool) -> tuple[Path, list[tuple[str, bytes]]]:
    """A JSON Lines recording of `exchanges` exchanges, alternating v2 and Enterprise."""
    v2, enterprise = payloads.largest_v2(quick), payloads.largest_enterprise(quick)
    query = {k: ",".join(v) if isinstance(v, list) else v for k, v in v2.call_arguments.items()}
    v2_line = _line("GET", f"https://api.x.com/2/insights/28hr?{urlencode(query, safe=',')}", None, v2.body)
    e_request = json.dumps(enterprise.call_arguments).encode()
    e_line = _line("POST", "https://data-api.twitter.com/insights/engagement/28hr", e_request, enterprise.body)
    path = folder / "recording.jsonl"
    bodies: list[tuple[str, bytes]] = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(exchanges):
            is_v2 = i % 2 == 0
            out.write((v2_line if is_v2 else e_line) + "\n")
            bodies.append(("getInsights28hr" if is_v2 else "getEngagement28hr", v2.body if is_v2 else enterprise.body))
    return path, bodies


def run(settings: Settings) -> list[Result]:
    if importlib.util.find_spec("contracts.replay") is None:
        return [unavailable(NAME, BASELINE, None, "contracts/replay.py is not on this branch")]
    from contracts import spec
    from contracts.replay import read_exchanges, replay

    exchanges = 4 if settings.quick else 20
    with tempfile.TemporaryDirectory() as folder:
        path, bodies = recording(Path(folder), exchanges, settings.quick)
        result = replay(read_exchanges(path))
        if result.exit_code != 0 or result.matched != exchanges:
            raise RuntimeError(f"the benchmark recording does not conform:\n{result.ledger.summary()}")
        operations = spec.operations()
        fast = {
            op_id: jsonschema_rs.Draft202012Validator(operations[op_id].success_schema, validate_formats=True)
            for op_id in {op_id for op_id, _ in bodies}
        }

        def baseline() -> None:
            for op_id, body in bodies:
                fast[op_id].is_valid(json.loads(body))

        row = compare(
            NAME, BASELINE, lambda: timed(lambda: replay(read_exchanges(path))), lambda: timed(baseline), settings,
            target=3.0, note="",
        )  # fmt: skip
    assert row.candidate_median and row.baseline_median
    rates = exchanges / (row.candidate_median / 1000), exchanges / (row.baseline_median / 1000)
    note = f"{exchanges} exchanges: replay {rates[0]:.0f}/s, jsonschema-rs alone {rates[1]:.0f}/s"
    return [Result(**{**row.__dict__, "note": note})]
