"""The contract suite itself: it passes on the mock (in-process and under uvicorn), writes JUnit,
keeps secrets out of its output, skips live cleanly, and catches every deliberately broken mock."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from contracts.target import LIVE_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = "8"  # enough for every broken variant to surface; the hand-written tests are deterministic
SENTINELS = {
    "X_MOCK_BEARER_TOKEN": "sentinel-bearer-4f1c",
    "X_MOCK_CONSUMER_SECRET": "sentinel-consumer-secret-9a2e",
    "X_MOCK_ACCESS_TOKEN": "sentinel-access-token-77d0",
    "X_MOCK_ACCESS_TOKEN_SECRET": "sentinel-token-secret-3b8c",
}


@dataclass(frozen=True)
class Run:
    code: int
    output: str


def run_cli(*args: str, env: dict[str, str] | None = None) -> Run:
    environ = {k: v for k, v in os.environ.items() if k not in LIVE_VARIABLES and not k.startswith("X_MOCK_")}
    environ.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "contracts", "run", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return Run(done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def in_process_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    junit = tmp_path_factory.mktemp("junit") / "contracts.xml"
    return run_cli("--junit", str(junit), "--live", "--max-examples", EXAMPLES, env=SENTINELS), junit


def test_the_mock_conforms_in_process(in_process_run: tuple[Run, Path]) -> None:
    run, _ = in_process_run
    assert run.code == 0, run.output[-3000:]
    assert "result: CONFORMS" in run.output
    for line in ("getInsights28hr          response_schema_conformance", "getEngagementHistorical  window_bounds"):
        assert line in run.output


def test_junit_report_is_written_with_a_case_per_test(in_process_run: tuple[Run, Path]) -> None:
    _, junit = in_process_run
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "contracts"
    assert int(suite.get("tests", "0")) > 50 and suite.get("failures") == "0"


def test_live_tests_skip_naming_the_missing_variables(in_process_run: tuple[Run, Path]) -> None:
    run, junit = in_process_run
    skipped = [s for s in ET.parse(junit).getroot().iter("skipped") if s.get("type") == "pytest.skip"]
    messages = {s.get("message", "") for s in skipped}
    assert len(skipped) > 20
    assert messages == {f"live: set {', '.join(LIVE_VARIABLES)} to test the live API"}


def test_no_secret_reaches_the_output(in_process_run: tuple[Run, Path]) -> None:
    run, junit = in_process_run
    report = junit.read_text()
    for secret in SENTINELS.values():
        assert secret not in run.output and secret not in report


def test_the_mock_conforms_under_uvicorn(uvicorn_mock: str) -> None:
    run = run_cli("--base-url", uvicorn_mock, "--max-examples", "5", "--skip-target-independent")
    assert run.code == 0, run.output[-3000:]


# variant -> (operation, check) that must be reported as failing
BROKEN = {
    "wrong_metric_value_type": ("getInsights28hr", "response_schema_conformance"),
    "missing_required_field": ("getInsights28hr", "body_schema"),
    "server_error_on_valid_request": ("getEngagementTotals", "not_a_server_error"),
    "accepts_26_tweet_ids": ("getInsights28hr", "rejects_too_many_ids"),
    "wrong_content_type": ("getEngagement28hr", "content_type_conformance"),
    "enterprise_count_not_a_number": ("getEngagementTotals", "response_schema_conformance"),
    "missing_start": ("getEngagement28hr", "window_bounds"),
}


@pytest.fixture(scope="module")
def broken_runs() -> dict[str, Run]:
    """Every broken variant (and the faithful control) through the CLI, two at a time."""
    names = [*BROKEN, "faithful"]

    def one(name: str) -> Run:
        return run_cli(
            "--app", f"tests.contracts.broken:{name}", "--max-examples", EXAMPLES, "--skip-target-independent"
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(one, names), strict=True))


def test_the_wrapper_alone_breaks_nothing(broken_runs: dict[str, Run]) -> None:
    assert broken_runs["faithful"].code == 0, broken_runs["faithful"].output[-3000:]


@pytest.mark.parametrize("variant", list(BROKEN))
def test_each_broken_mock_is_caught_naming_operation_and_check(variant: str, broken_runs: dict[str, Run]) -> None:
    run = broken_runs[variant]
    operation, check = BROKEN[variant]
    assert run.code == 1, run.output[-3000:]
    assert "result: NONCONFORMANT" in run.output
    assert any(
        line.startswith(operation) and f" {check} " in line and line.endswith("FAIL")
        for line in run.output.splitlines()
    ), run.output[-3000:]
    assert f"{operation}: {check}: " in run.output
