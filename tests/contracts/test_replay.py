"""`python -m contracts replay`: recordings made by the client's recorder (and by mitmproxy) against
the mock and its broken variants, judged by the suite's checks."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.__main__ import main
from contracts.mock.server import serving_in_thread
from contracts.replay import read_exchanges, replay
from tests.contracts import broken
from tests.contracts.recordings import SECRETS, record_raw_26_ids, record_session
from x_engagement._recording import exchange_record

HAR = Path(__file__).resolve().parent / "data" / "mitmproxy-session.har"


def run_replay(path: Path, capsys: Any, *extra: str) -> tuple[int, str]:
    code = main(["replay", str(path), *extra])
    return code, capsys.readouterr().out


def test_recording_of_the_mock_conforms(uvicorn_mock: str, tmp_path: Path, capsys: Any) -> None:
    recording = record_session(uvicorn_mock, tmp_path / "session.jsonl")
    junit = tmp_path / "replay.xml"
    code, out = run_replay(recording, capsys, "--junit", str(junit))
    assert code == 0, out
    assert "result: CONFORMS" in out
    for op in ("getInsights28hr", "getInsightsHistorical", "getEngagement28hr", "getEngagementHistorical",
               "getEngagementTotals"):  # fmt: skip
        assert f"{op} " in out
    assert "window_bounds" in out and "body_schema" in out and "status_code_conformance" in out
    assert 'failures="0"' in junit.read_text()


def test_recording_holds_no_credential(uvicorn_mock: str, tmp_path: Path) -> None:
    text = record_session(uvicorn_mock, tmp_path / "session.jsonl").read_text()
    assert text.count("\n") >= 6
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered
    assert "authorization" not in lowered and "oauth_" not in lowered


def test_recorder_removes_oauth_values_from_query_and_form_bodies() -> None:
    request = httpx.Request(
        "POST", "https://api.x.com/x?a=1&oauth_token=tok-secret&oauth_signature=sig-secret",
        headers={"authorization": "OAuth oauth_token=\"tok-secret\"", "cookie": "s=cookie-secret",
                 "content-type": "application/x-www-form-urlencoded"},
        content=b"status=hi&oauth_consumer_key=key-secret",
    )  # fmt: skip
    response = httpx.Response(200, headers={"set-cookie": "s=cookie-secret"}, content=b"{}", request=request)
    record = json.dumps(exchange_record(request, response))
    assert "secret" not in record
    assert "a=1" in record and "status=hi" in record


EXPECTED_CHECK = {
    "wrong_metric_value_type": "body_schema",
    "missing_required_field": "body_schema",
    "server_error_on_valid_request": "not_a_server_error",
    "wrong_content_type": "content_type_conformance",
    "enterprise_count_not_a_number": "body_schema",
    "accepts_26_tweet_ids": "invalid_request_rejection",
}


def test_every_broken_mock_has_an_expected_check() -> None:
    """Every schema-level variant; the semantic ones (broken.SEMANTIC_VARIANTS) are proven by the
    live suite in test_suite.py, some needing several requests (granularities_agree) a recording of
    one client session does not hold."""
    variants = {name for name, value in vars(broken).items() if isinstance(value, broken.Bent)}
    assert variants - {"faithful"} - set(broken.SEMANTIC_VARIANTS) == set(EXPECTED_CHECK) | {"missing_start"}


def test_a_recording_without_its_window_warns_and_fails_only_under_strict(tmp_path: Path, capsys: Any) -> None:
    """An answer that leaves out its start (X's own time-series example does): a warning in the
    table, the report and the JUnit file; exit 0, and 1 under --strict."""
    with serving_in_thread(broken.missing_start) as base_url:
        recording = record_session(base_url, tmp_path / "session.jsonl")
    junit = tmp_path / "replay.xml"
    code, out = run_replay(recording, capsys, "--junit", str(junit))
    assert code == 0, out
    assert any(" window_bounds " in line and line.endswith("warn") for line in out.splitlines()), out
    assert "result: CONFORMS (" in out and ": window_bounds: exchange " in out
    assert "warning (" in junit.read_text() and "<failure" not in junit.read_text()
    code, out = run_replay(recording, capsys, "--strict", "--junit", str(junit))
    assert code == 1 and "result: NONCONFORMANT (exit 1)" in out
    assert "(--strict)" in junit.read_text()


@pytest.mark.parametrize("variant", list(EXPECTED_CHECK))
def test_recording_of_a_broken_mock_is_nonconformant_naming_the_check(
    variant: str, tmp_path: Path, capsys: Any
) -> None:
    recording = tmp_path / "session.jsonl"
    with serving_in_thread(getattr(broken, variant)) as base_url:
        if variant == "accepts_26_tweet_ids":  # the client refuses to send 26 ids; a plain httpx client does
            with httpx.Client() as http:
                record_raw_26_ids(base_url, recording, http)
        else:
            record_session(base_url, recording)
    code, out = run_replay(recording, capsys)
    assert code == 1, out
    assert "result: NONCONFORMANT (exit 1)" in out
    check = EXPECTED_CHECK[variant]
    failing = [line for line in out.splitlines() if line.endswith("FAIL")]
    assert any(f" {check} " in line for line in failing), out
    assert any(f": {check}: exchange " in line for line in out.splitlines()), out  # names the exchange


def test_the_faithful_wrapper_records_conformant_traffic(tmp_path: Path, capsys: Any) -> None:
    with serving_in_thread(broken.faithful) as base_url:
        recording = record_session(base_url, tmp_path / "session.jsonl")
    assert run_replay(recording, capsys)[0] == 0


def test_a_har_written_by_mitmproxy_conforms(capsys: Any) -> None:
    assert '"name": "mitmproxy"' in HAR.read_text()[:300]
    code, out = run_replay(HAR, capsys)
    assert code == 0, out
    assert "replayed: 6 matched, 0 unmatched" in out


def test_a_mitmproxy_har_with_a_bent_body_is_nonconformant(tmp_path: Path, capsys: Any) -> None:
    har = json.loads(HAR.read_text())
    entry = next(e for e in har["log"]["entries"] if "/2/insights/28hr" in e["request"]["url"])
    body = json.loads(entry["response"]["content"]["text"])
    body["data"][0]["measurement"]["metrics_time_series"][0]["value"]["metric_values"][0]["metric_value"] = "many"
    entry["response"]["content"]["text"] = json.dumps(body)
    bent = tmp_path / "bent.har"
    bent.write_text(json.dumps(har))
    code, out = run_replay(bent, capsys)
    assert code == 1
    assert "getInsights28hr: body_schema: exchange 1 (GET /2/insights/28hr): HTTP 200: at data/0/measurement" in out


@pytest.mark.skipif(
    not os.environ.get("X_MITMDUMP"),
    reason="set X_MITMDUMP to a mitmdump to record a HAR live",
)
def test_a_har_recorded_live_by_mitmdump_conforms(tmp_path: Path, capsys: Any) -> None:
    from tests.contracts.make_har import make_har

    har = make_har(os.environ["X_MITMDUMP"], tmp_path / "live.har")
    assert run_replay(har, capsys)[0] == 0


def test_unmatched_exchanges_are_listed_and_skipped(uvicorn_mock: str, tmp_path: Path, capsys: Any) -> None:
    recording = record_session(uvicorn_mock, tmp_path / "session.jsonl")
    lines = recording.read_text().splitlines()
    other = json.loads(lines[0])
    other["request"]["url"] = "https://api.x.com/2/tweets?ids=20"
    recording.write_text("\n".join([*lines, json.dumps(other)]) + "\n")
    code, out = run_replay(recording, capsys)
    assert code == 0
    assert f"unmatched (skipped): exchange {len(lines) + 1}: GET https://api.x.com/2/tweets" in out


def test_nothing_matched_or_unreadable_input_exits_2(tmp_path: Path, capsys: Any) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, out = run_replay(empty, capsys)
    assert code == 2 and "NOTHING TO CHECK" in out
    broken_line = tmp_path / "broken.jsonl"
    broken_line.write_text('{"request": {"method": "GET", "url": "https://api.x.com/"}}\nnot json\n')
    assert main(["replay", str(broken_line)]) == 2
    assert f"{broken_line}:1: not a recorded exchange" in capsys.readouterr().err
    assert main(["replay", str(tmp_path / "missing.har")]) == 2
    assert "missing.har: no such file" in capsys.readouterr().err
    truncated = tmp_path / "truncated.har"
    truncated.write_text(HAR.read_text()[:5000])
    assert main(["replay", str(truncated)]) == 2
    assert "truncated.har: not a HAR file" in capsys.readouterr().err


FILLERS = 120  # 60 KB bodies: ~7 MB of HAR, twenty times the few entries a streaming reader holds


def test_a_large_har_streams_in_bounded_memory(tmp_path: Path) -> None:
    """~7 MB of HAR (mostly unmatched 60 KB bodies) never holds more than a few entries in memory."""
    entries = json.loads(HAR.read_text())["log"]["entries"]
    filler = {**entries[0], "request": {**entries[0]["request"], "url": "https://x.test/other"},
              "response": {**entries[0]["response"], "content": {"mimeType": "text/plain", "text": "x" * 60_000}}}  # fmt: skip
    big = tmp_path / "big.har"
    with big.open("w") as out:
        out.write('{"log": {"version": "1.2", "creator": {"name": "test"}, "entries": [')
        for _i in range(FILLERS):
            out.write(json.dumps(filler) + ",")
        out.write(",".join(json.dumps(e) for e in entries) + "]}}")
    size = big.stat().st_size
    assert size > 7_000_000
    replay(read_exchanges(HAR))  # the checks' one-time setup (spec, validators) is not the reader's
    tracemalloc.start()
    try:
        result = replay(read_exchanges(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.matched, result.unmatched, result.exit_code) == (6, FILLERS, 0)
    assert peak < size / 8, f"peak {peak} bytes for a {size}-byte file"


def test_no_credential_of_a_har_reaches_the_report(tmp_path: Path, capsys: Any) -> None:
    """mitmproxy's HAR keeps the Authorization headers; the replay report and JUnit never show them."""
    har = json.loads(HAR.read_text())
    assert any(h["name"].lower() == "authorization" for e in har["log"]["entries"] for h in e["request"]["headers"])
    for entry in har["log"]["entries"]:
        entry["response"]["content"]["text"] = "{}"  # every check now has something to say
    bent, junit = tmp_path / "bent.har", tmp_path / "replay.xml"
    bent.write_text(json.dumps(har))
    code, out = run_replay(bent, capsys, "--junit", str(junit))
    assert code == 1
    reported = (out + junit.read_text()).lower()
    assert "authorization" not in reported and "oauth_" not in reported
    for secret in SECRETS:
        assert secret.lower() not in reported


def test_async_client_records_the_same_shape(uvicorn_mock: str, tmp_path: Path, capsys: Any) -> None:
    import asyncio

    from tests.contracts.recordings import BEARER, IDS
    from x_engagement import AsyncClient

    recording = tmp_path / "async.jsonl"

    async def session() -> None:
        async with AsyncClient(bearer_token=BEARER, base_url=uvicorn_mock, record_to=recording) as client:
            await client.get_insights_28hr(tweet_ids=IDS, granularity="Total", requested_metrics=["Likes"])

    asyncio.run(session())
    (line,) = recording.read_text().splitlines()
    record = json.loads(line)
    assert record["response"]["status"] == 200 and "content-encoding" not in record["response"]["headers"]
    assert json.loads(record["response"]["body"])["data"]  # the decoded (un-gzipped) body
    assert "authorization" not in record["request"]["headers"]
    code, out = run_replay(recording, capsys)
    assert code == 0, out
