"""Stoplight Prism, the ecosystem's reference mock and validating proxy, agrees with our spec.

`prism mock` serves every operation (insights, Enterprise, post and media analytics) from spec/openapi.yaml's own examples and the generated client
decodes each of them; `prism proxy` in front of our mock (uvicorn) validates every answer of the
mock against the spec and reports no response violation. Prism comes from `make prism` (npm).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import x_engagement
from contracts import spec
from contracts.mock import MockConfig
from tests.support.loopback import free_port, running_mock
from tests.support.specs import ROOT

pytestmark = pytest.mark.subprocess

PRISM = ROOT / ".tools" / "prism" / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "spec" / "openapi.yaml"
# operationId -> the client method that calls it, as the generator names it (one reading of the spec)
METHODS = {operation_id: operation.method_name for operation_id, operation in spec.operations().items()}
V2_ARGUMENTS: dict[str, Any] = {
    "tweet_ids": ["1346889436626259968"],
    "granularity": "Total",
    "requested_metrics": ["Impressions", "Likes"],
}
V2_WINDOW = {"start_time": "2021-02-01T18:00:00Z", "end_time": "2021-02-14T18:00:00Z"}
ANALYTICS_RANGE = {"start_time": "2026-11-02T09:00:00Z", "end_time": "2026-11-02T11:00:00Z"}
ANALYTICS_ARGUMENTS: dict[str, dict[str, Any]] = {
    "getPostsAnalytics": {"ids": ["1346889436626259968"], "granularity": "hourly", **ANALYTICS_RANGE},
    "getMediaAnalytics": {"media_keys": ["13_1346889436626259968"], "granularity": "daily", **ANALYTICS_RANGE},
}
OAUTH1 = x_engagement.OAuth1(
    "mock-consumer-key", "mock-consumer-secret", "mock-access-token", "mock-access-token-secret"
)
BEARER = "mock-bearer-token"
RESPONSE_VIOLATION = "Violation: response"


@pytest.fixture(scope="module")
def prism_bin() -> Path:
    """Prism installed by `make prism` (once; pinned version); a skip with the reason without npm."""
    if shutil.which("npm") is None:
        pytest.skip("npm not found on PATH: Stoplight Prism cannot be installed (see `make prism`)")
    if not PRISM.exists():
        subprocess.run(["make", "-s", "prism"], cwd=ROOT, check=True, timeout=300)
    return PRISM


@dataclass
class PrismProcess:
    """One running Prism; `log()` is everything it printed so far."""

    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def start_prism(prism_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., PrismProcess]]:
    """Starts `prism <mode> ...` processes on 127.0.0.1, all stopped when the module ends."""
    started: list[subprocess.Popen[bytes]] = []

    def start(mode: str, port: int, *extra: str) -> PrismProcess:
        log_path = tmp_path_factory.mktemp("prism") / f"{mode}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(prism_bin), mode, "-h", "127.0.0.1", "-p", str(port), str(SPEC), *extra],
                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
            )  # fmt: skip
        started.append(process)
        running = PrismProcess(f"http://127.0.0.1:{port}", log_path)
        deadline = time.monotonic() + 60
        while "Prism is listening" not in running.log():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"prism {mode} did not start:\n{running.log()[-3000:]}")
            time.sleep(0.05)
        return running

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _success_examples(operation_id: str) -> dict[str, dict[str, Any]]:
    """The operation's 200 examples by name (each with `value`, and `x-groupings` for Enterprise)."""
    document = spec.document()
    resolver = spec.resolver()
    for item in document["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                examples: dict[str, dict[str, Any]] = resolver.deref(op["responses"]["200"])["content"][
                    "application/json"
                ]["examples"]
                request = op.get("requestBody", {}).get("content", {}).get("application/json", {})
                return {name: {**example, "x-request": request.get("examples")} for name, example in examples.items()}
    raise KeyError(operation_id)


def _arguments(operation_id: str, example: dict[str, Any]) -> dict[str, Any]:
    """A valid request for which Prism may answer with `example`: Enterprise requests are the
    operation's request example with the groupings that produced the response example."""
    if operation_id.startswith("getInsights"):
        return {**V2_ARGUMENTS, **(V2_WINDOW if operation_id == "getInsightsHistorical" else {})}
    if operation_id in ANALYTICS_ARGUMENTS:
        return ANALYTICS_ARGUMENTS[operation_id]
    (request,) = example["x-request"].values()
    return {**request["value"], "groupings": example["x-groupings"]}


def _prefer(example: str) -> httpx.Client:
    """An httpx client that asks Prism for one named example (`Prefer: example=<name>`)."""

    def ask(request: httpx.Request) -> None:
        request.headers["Prefer"] = f"example={example}"

    return httpx.Client(event_hooks={"request": [ask]}, timeout=30)


def test_prism_mock_serves_every_example_of_every_operation_and_the_client_decodes_them(
    start_prism: Callable[..., PrismProcess],
) -> None:
    prism = start_prism("mock", free_port())
    decoded: dict[str, list[str]] = {}
    for operation_id, method in METHODS.items():
        for name, example in _success_examples(operation_id).items():
            with (
                _prefer(name) as http,
                x_engagement.Client(bearer_token=BEARER, oauth1=OAUTH1, base_url=prism.url, http_client=http) as client,
            ):
                result = getattr(client, method)(**_arguments(operation_id, example))
            if isinstance(result, x_engagement.EngagementResult):
                # Prism answered with this very example: its groupings arrive, none dropped.
                assert set(example["x-groupings"]) <= set(result.groupings), (operation_id, name)
                assert all(result.groupings[g] for g in example["x-groupings"]), (operation_id, name)
            else:
                assert isinstance(result, x_engagement.InsightsResult | x_engagement.AnalyticsResult)
                assert result.data, (operation_id, name)
            decoded.setdefault(operation_id, []).append(name)
    assert set(decoded) == set(METHODS), decoded  # every operation of the spec
    assert sum(map(len, decoded.values())) >= 10, decoded


@pytest.fixture(scope="module")
def prism_proxy(start_prism: Callable[..., PrismProcess]) -> Iterator[PrismProcess]:
    """Prism validating in front of our mock under uvicorn. Prism rewrites Host to the upstream,
    so the mock checks OAuth 1.0a signatures against the proxy's URL (X_MOCK_PUBLIC_BASE_URL)."""
    port = free_port()
    with running_mock(MockConfig(public_base_url=f"http://127.0.0.1:{port}")) as mock:
        # No --errors: Prism cannot check OAuth 1.0a (http/oauth) and would turn that into a 422.
        yield start_prism("proxy", port, mock)


def _violations_during(prism: PrismProcess, exchange: Callable[[], None]) -> list[str]:
    """The response violations Prism logs while `exchange` runs. A marker request afterwards (a
    route not in the spec) proves the log has caught up with everything before it."""
    before = len(prism.log())
    exchange()
    marker = f"/end-of-exchange-{uuid.uuid4().hex}"
    httpx.get(prism.url + marker, timeout=30)
    deadline = time.monotonic() + 10
    while marker not in prism.log()[before:]:
        assert time.monotonic() < deadline, "Prism did not log the marker request"
        time.sleep(0.05)
    time.sleep(0.2)  # the marker's own log lines come after its request line
    return [line for line in prism.log()[before:].splitlines() if RESPONSE_VIOLATION in line]


def test_prism_proxy_finds_no_response_violation_in_the_mocks_answers(prism_proxy: PrismProcess) -> None:
    statuses: list[int] = []

    def exchange() -> None:
        with x_engagement.Client(bearer_token=BEARER, oauth1=OAUTH1, base_url=prism_proxy.url) as client:
            for operation_id, method in METHODS.items():
                for name, example in _success_examples(operation_id).items():
                    result = getattr(client, method)(**_arguments(operation_id, example))
                    assert result.rate_limit.limit is not None, (operation_id, name)  # the mock's headers came through
                    statuses.append(200)
        v2 = f"{prism_proxy.url}/2/insights/28hr"
        query = {"tweet_ids": "20", "granularity": "Total", "requested_metrics": "Likes"}
        enterprise = f"{prism_proxy.url}/insights/engagement/28hr"
        errors = [
            httpx.get(v2, params={**query, "tweet_ids": "not-a-number"}, headers={"Authorization": f"Bearer {BEARER}"}),
            httpx.get(v2, params=query, headers={"Authorization": "Bearer wrong-token"}),
            httpx.get(v2, params=query, headers={"Authorization": f"Bearer {BEARER}", "X-Mock-Fault": "status:503"}),
            httpx.post(enterprise, json={"tweet_ids": ["20"]}),
            httpx.post(enterprise, json={"tweet_ids": "20"}, headers={"X-Mock-Fault": "status:429"}),
        ]
        statuses.extend(response.status_code for response in errors)

    assert _violations_during(prism_proxy, exchange) == []
    assert statuses.count(200) >= 10 and sorted(statuses[-5:]) == [400, 401, 401, 429, 503], statuses


def test_prism_proxy_reports_a_wrong_answer(prism_proxy: PrismProcess) -> None:
    """The control for the test above: a body that breaks the spec is reported."""

    def exchange() -> None:
        response = httpx.get(
            f"{prism_proxy.url}/2/insights/28hr",
            params={"tweet_ids": "20", "granularity": "Total", "requested_metrics": "Likes"},
            headers={"Authorization": f"Bearer {BEARER}", "X-Mock-Fault": "content-type"},
        )
        assert response.status_code == 200

    assert _violations_during(prism_proxy, exchange) != []
