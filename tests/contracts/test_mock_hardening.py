"""The mock under hostile input: never a 500, bounded work per request, errors in each variant's format.

Socket-level behaviour (responses that never came, held connections, SIGTERM, body and query
limits) is tested against uvicorn on 127.0.0.1; the rest in-process.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.mock import MockConfig, create_app
from contracts.mock.config import SETTINGS, Fault, FixedClock, RateLimit, SettingError, config_from_options
from contracts.mock.server import serving_in_thread
from tests.contracts.conftest import FIXED_NOW, mock_client, oauth1_headers

ROOT = Path(__file__).resolve().parents[2]
BEARER = {"authorization": "Bearer mock-bearer-token"}
QUERY = "tweet_ids=20&granularity=Total&requested_metrics=Likes"
V2 = f"/2/insights/28hr?{QUERY}"
TOTALS = "/insights/engagement/totals"
HISTORICAL = "/insights/engagement/historical"
GROUPS = {"g": {"group_by": ["tweet.id"]}}


def enterprise_headers(path: str, base: str = "http://testserver") -> dict[str, str]:
    return {**oauth1_headers(path, base=base), "content-type": "application/json"}


def nested_body(depth: int) -> bytes:
    groupings = "[" * depth + "]" * depth
    return f'{{"tweet_ids":["20"],"engagement_types":["favorites"],"groupings":{groupings}}}'.encode()


# ---- item 7: never a 500 on bad input ----


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_enterprise_bodies_are_a_400_naming_the_depth(depth: int) -> None:
    client = mock_client(MockConfig(clock=FixedClock(FIXED_NOW), max_body_bytes=1_000_000))
    response = client.post(TOTALS, content=nested_body(depth), headers=enterprise_headers(TOTALS))
    assert response.status_code == 400
    assert response.json() == {"errors": ["Request body nests deeper than 32 levels"]}


def test_year_one_windows_are_served_not_a_500() -> None:
    """A window in year 1 is schema- and rule-valid, so it is answered; the arithmetic stops at year 1."""
    client = mock_client()
    v2 = client.get(
        "/2/insights/historical?tweet_ids=20&granularity=Daily&requested_metrics=Likes"
        "&start_time=0001-01-01T00:00:00Z&end_time=0001-01-02T00:00:00Z",
        headers=BEARER,
    )
    assert v2.status_code == 200
    series = v2.json()["data"][0]["measurement"]["metrics_time_series"]
    assert [point["value"]["timestamp"]["iso8601_time"] for point in series] == ["0001-01-01T00:00:00Z"]
    for window in ({"start": "0001-01-01T00:00:00Z", "end": "0001-01-02T00:00:00Z"}, {"end": "0001-01-01T05:00:00Z"}):
        body = {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": GROUPS, **window}
        response = client.post(HISTORICAL, json=body, headers=oauth1_headers(HISTORICAL))
        assert response.status_code == 200, response.text
        assert response.json()["start"] == "0001-01-01T00:00:00Z"


def test_a_window_widened_past_year_9999_is_a_400_naming_the_window() -> None:
    client = mock_client(MockConfig(clock=FixedClock(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))))
    body = {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": GROUPS}
    body |= {"start": "9999-12-31T20:00:00Z", "end": "9999-12-31T23:30:00Z"}
    response = client.post(HISTORICAL, json=body, headers=oauth1_headers(HISTORICAL))
    assert response.status_code == 400
    assert response.json() == {"errors": ["The requested time window reaches outside the years 1 to 9999"]}


MALFORMED_FAULTS = {
    "bogus": "unknown fault kind 'bogus'",
    "status:abc": "the status must be an integer from 400 to 599, got 'abc'",
    "status:0": "the status must be an integer from 400 to 599, got 0",
    "status:99": "the status must be an integer from 400 to 599, got 99",
    "status:1000": "the status must be an integer from 400 to 599, got 1000",
    "delay:nan": "the delay must be a number of seconds from 0 to 60, got 'nan'",
    "delay:-1": "the delay must be a number of seconds from 0 to 60, got -1",
    "delay:1e308": "the delay must be a number of seconds from 0 to 60, got 1e+308",
    "drop:5": "the fault 'drop' takes no argument",
}


@pytest.fixture(scope="module")
def loopback_mock() -> Iterator[str]:
    """The mock (default limits) under uvicorn on a free 127.0.0.1 port."""
    with serving_in_thread(create_app(MockConfig())) as url:
        yield url


@pytest.mark.parametrize("fault", list(MALFORMED_FAULTS))
def test_malformed_fault_headers_are_a_400_in_each_variant_format(loopback_mock: str, fault: str) -> None:
    with httpx.Client(base_url=loopback_mock, timeout=5) as http:
        v2 = http.get(V2, headers={**BEARER, "x-mock-fault": fault})
        assert v2.status_code == 400 and v2.headers["content-type"] == "application/problem+json"
        [error] = v2.json()["errors"]
        assert MALFORMED_FAULTS[fault] in error["message"] and error["parameters"] == {"X-Mock-Fault": [fault]}
        body = {"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": GROUPS}
        headers = {**oauth1_headers(TOTALS, base=loopback_mock), "x-mock-fault": fault}
        enterprise = http.post(TOTALS, json=body, headers=headers)
        assert enterprise.status_code == 400 and enterprise.headers["content-type"] == "application/json"
        [message] = enterprise.json()["errors"]
        assert (
            message.startswith(f"The X-Mock-Fault header [{fault}] is invalid") and MALFORMED_FAULTS[fault] in message
        )


def test_a_bounded_delay_still_works(loopback_mock: str) -> None:
    started = time.monotonic()
    response = httpx.get(loopback_mock + V2, headers={**BEARER, "x-mock-fault": "delay:0.2"}, timeout=5)
    assert response.status_code == 200 and time.monotonic() - started >= 0.2


# ---- item 8: bounded work per request ----


def test_a_body_over_the_limit_is_a_413_naming_the_limit(loopback_mock: str) -> None:
    oversized = json.dumps({"tweet_ids": ["20"] * 20_000}).encode()
    assert len(oversized) > MockConfig.max_body_bytes
    with httpx.Client(base_url=loopback_mock, timeout=5) as http:
        headers = enterprise_headers(TOTALS, base=loopback_mock)
        declared = http.post(TOTALS, content=oversized, headers=headers)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while reading
            for start in range(0, len(oversized), 8192):
                yield oversized[start : start + 8192]

        streamed = http.post(TOTALS, content=chunks(), headers=headers)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json() == {"errors": ["Request body is larger than the limit of 65536 bytes"]}


def test_a_query_over_the_limit_is_a_414_naming_the_limit(loopback_mock: str) -> None:
    long_query = "tweet_ids=" + ",".join(["1234567890123456789"] * 450) + "&granularity=Total&requested_metrics=Likes"
    assert MockConfig.max_query_bytes < len(long_query) < 16 * 1024
    response = httpx.get(f"{loopback_mock}/2/insights/28hr?{long_query}", headers=BEARER, timeout=5)
    assert response.status_code == 414 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The query string is longer than the limit of 8192 bytes"


@pytest.mark.slow
def test_a_small_request_is_answered_while_a_large_body_is_validated() -> None:
    """Validation runs off the event loop: a small request is not queued behind a big one's validation."""
    config = MockConfig(max_body_bytes=8 * 1024 * 1024)
    big = json.dumps({"tweet_ids": ["12345678901234567"] * 60_000, "engagement_types": ["favorites"]}).encode()
    took: dict[str, float] = {}
    with serving_in_thread(create_app(config)) as url:
        results: list[httpx.Response] = []

        def send_big() -> None:
            started = time.monotonic()
            results.append(httpx.post(url + TOTALS, content=big, headers=enterprise_headers(TOTALS, url), timeout=60))
            took["big"] = time.monotonic() - started

        thread = threading.Thread(target=send_big)
        thread.start()
        time.sleep(0.3)  # the upload takes milliseconds; validating 60,000 ids takes over a second
        started = time.monotonic()
        small = httpx.get(url + V2, headers=BEARER, timeout=60)
        took["small"] = time.monotonic() - started
        thread.join()
    assert small.status_code == 200 and results[0].status_code == 400
    assert took["small"] < took["big"] / 3, f"the small request waited for the big one: {took}"


def test_enterprise_posts_without_application_json_are_a_415() -> None:
    client = mock_client()
    body = json.dumps({"tweet_ids": ["20"], "engagement_types": ["favorites"], "groupings": GROUPS})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = oauth1_headers(TOTALS) | ({"content-type": content_type} if content_type else {})
        response = client.post(TOTALS, content=body, headers=headers)
        assert response.status_code == 415
        assert response.json() == {"errors": [f"Content-Type must be application/json, got [{content_type or 'none'}]"]}
    charset = client.post(
        TOTALS, content=body, headers={**enterprise_headers(TOTALS), "content-type": "application/json; charset=utf-8"}
    )
    assert charset.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status", "content_type"),
    [
        ("GET", "/2/insights/nope", 404, "application/problem+json"),
        ("GET", "/insights/engagement/nope", 404, "application/json"),
        ("DELETE", "/2/insights/28hr", 405, "application/problem+json"),
        ("GET", "/insights/engagement/28hr", 405, "application/json"),
    ],
)
def test_unknown_paths_and_methods_answer_in_the_variant_format(
    method: str, path: str, status: int, content_type: str
) -> None:
    response = mock_client().request(method, path)
    assert response.status_code == status and response.headers["content-type"] == content_type
    body: Any = response.json()
    if content_type == "application/problem+json":
        assert body["status"] == status and body["type"] == "about:blank" and path in body["detail"]
    else:
        [message] = body["errors"]
        assert path in message
    if status == 405:
        assert "allowed" in (body.get("detail") or body["errors"][0]) and response.headers["allow"]


# ---- the command line: settings, --help, start-up, SIGTERM ----


def test_options_take_text_or_typed_values_and_refuse_unknown_names() -> None:
    as_text = config_from_options(
        {"rate_limit": "2/30", "faults": "drop@/2/*,delay:0.5", "now": "2026-03-10T14:00:00Z"}
    )
    typed = config_from_options(
        {
            "rate_limit": RateLimit(2, 30),
            "faults": [Fault("drop", "/2/*"), "delay:0.5"],
            "now": datetime(2026, 3, 10, 14, tzinfo=UTC),
        }
    )
    for config in (as_text, typed):
        assert config.rate_limit == RateLimit(2, 30) and config.faults == (
            Fault("drop", "/2/*"),
            Fault("delay", delay=0.5),
        )
        assert config.clock() == datetime(2026, 3, 10, 14, tzinfo=UTC)
    assert config_from_options({"rate_limit": 5, "faults_by_header": False}).rate_limit == RateLimit(5, 60)
    assert config_from_options({"consumer_secret": "mine"}).credentials.consumer_secret == "mine"
    with pytest.raises(SettingError, match=r"^rate_limits: unknown option; expected one of bearer_token, "):
        config_from_options({"rate_limits": 5})
    with pytest.raises(SettingError, match=r"^X_MOCK_MAX_BODY_BYTES: got '0'; expected a positive integer$"):
        config_from_options({"max_body_bytes": 0})


def run_mock(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("X_MOCK_")} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "contracts.mock", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.subprocess
def test_help_and_the_readme_list_every_setting_and_the_fault_syntax() -> None:
    done = run_mock("--help")
    assert done.returncode == 0
    readme = (ROOT / "contracts" / "README.md").read_text()
    for setting in SETTINGS:
        assert setting.variable in done.stdout and setting.form in done.stdout
        assert f"`{setting.variable}`" in readme
    for kind in ("status:CODE", "delay:SECONDS", "drop", "truncate", "malformed", "content-type", "@PATH"):
        assert f"\n  {kind}" in done.stdout


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("X_MOCK_RATE_LIMIT", "lots", "X_MOCK_RATE_LIMIT: got 'lots'; expected N or N/SECONDS"),
        ("X_MOCK_FAULTS", "delay:1e308", "X_MOCK_FAULTS: the delay must be a number of seconds from 0 to 60"),
        ("X_MOCK_NOW", "yesterday", "X_MOCK_NOW: got 'yesterday'; expected an ISO 8601 time with a zone"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(variable: str, value: str, expected: str) -> None:
    done = run_mock(env={variable: value})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and expected in done.stderr and "Traceback" not in done.stderr


def read_lines(process: subprocess.Popen[str], count: int, timeout: float = 30) -> list[str]:
    """The first `count` lines of the process's stdout, or fail after `timeout` s (never hang)."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        return [lines.get(timeout=timeout) for _ in range(count)]
    except queue.Empty:
        pytest.fail(f"the mock printed fewer than {count} lines in {timeout} s")


@pytest.mark.subprocess
def test_start_up_prints_url_and_credentials_and_sigterm_ends_a_delayed_request() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_MOCK_")} | {
        "X_MOCK_CONSUMER_SECRET": "s3cret",
        "X_MOCK_CONSUMER_KEY": "k3y-0f-my-app",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "contracts.mock", "--port", "0", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        banner = read_lines(process, 7)
        url = banner[0].split(" at ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        assert "mock-bearer-token" in "".join(banner) and "(set by X_MOCK_CONSUMER_SECRET)" in "".join(banner)
        assert "s3cret" not in "".join(banner) and "k3y-0f-my-app" not in "".join(banner)
        assert "(set by X_MOCK_CONSUMER_KEY)" in "".join(banner)
        # The request that once held its connection (and the shutdown) forever is refused at once.
        refused = httpx.get(url + V2, headers={**BEARER, "x-mock-fault": "delay:1e308"}, timeout=5)
        assert refused.status_code == 400
        held: list[BaseException | httpx.Response] = []

        def hold() -> None:
            try:
                held.append(httpx.get(url + V2, headers={**BEARER, "x-mock-fault": "delay:60"}, timeout=30))
            except httpx.HTTPError as error:
                held.append(error)

        thread = threading.Thread(target=hold)
        thread.start()
        time.sleep(0.5)
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == -signal.SIGTERM  # uvicorn ends by the signal it caught
        assert time.monotonic() - sent < 8, "SIGTERM waited for the delayed request"
        thread.join(timeout=10)
        assert held and not isinstance(held[0], httpx.Response)  # cut off, not answered after 60 s
    finally:
        process.kill()
        process.wait()
