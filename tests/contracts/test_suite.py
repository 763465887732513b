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

from contracts import spec
from contracts.target import LIVE_VARIABLES
from tests.contracts import broken

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
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return Run(done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def in_process_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    junit = tmp_path_factory.mktemp("junit") / "contracts.xml"
    return run_cli("--junit", str(junit), "--live", "--max-examples", EXAMPLES, env=SENTINELS), junit


@pytest.mark.subprocess
def test_the_mock_conforms_in_process(in_process_run: tuple[Run, Path]) -> None:
    run, _ = in_process_run
    assert run.code == 0, run.output[-3000:]
    assert "result: CONFORMS" in run.output
    for line in ("getInsights28hr          response_schema_conformance", "getEngagementHistorical  window_bounds"):
        assert line in run.output


@pytest.mark.subprocess
def test_junit_report_is_written_with_a_case_per_test(in_process_run: tuple[Run, Path]) -> None:
    _, junit = in_process_run
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "contracts"
    assert int(suite.get("tests", "0")) > 50 and suite.get("failures") == "0"


@pytest.mark.subprocess
def test_live_tests_skip_naming_the_missing_variables(in_process_run: tuple[Run, Path]) -> None:
    _, junit = in_process_run
    skipped = [s for s in ET.parse(junit).getroot().iter("skipped") if s.get("type") == "pytest.skip"]
    messages = {s.get("message", "") for s in skipped}
    assert len(skipped) > 20
    assert messages == {f"live: set {', '.join(LIVE_VARIABLES)} to test the live API"}


@pytest.mark.subprocess
def test_no_secret_reaches_the_output(in_process_run: tuple[Run, Path]) -> None:
    run, junit = in_process_run
    report = junit.read_text()
    for secret in SENTINELS.values():
        assert secret not in run.output and secret not in report


@pytest.mark.subprocess
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
}
# variant -> (operation, check) that must warn: an echo left out (X's own time-series example has
# no start/end) is reported, and fails the run only under --strict
WARNED = {
    "missing_start": ("getEngagement28hr", "window_bounds"),
}


# variant -> (the semantic check it must fail, other checks allowed to fail alongside and why);
# each must fail its check and no other (client_raw_<check>, the same check on the generated
# client's raw responses, counts as <check>)
BROKEN_SEMANTICS: dict[str, tuple[str, frozenset[str]]] = {
    "drops_a_requested_post": ("tweet_ids_accounted_for", frozenset()),
    "renames_groupings": ("grouping_names", frozenset()),
    # the generated client reads the same x-grouping and refuses a mis-nested tree as well
    "swaps_grouping_levels": ("grouping_nesting", frozenset({"client_call"})),
    # surplus data: a warning (proven below: the row says warn, not FAIL)
    "adds_an_unrequested_metric": ("metrics_as_requested", frozenset()),
    "stale_28hr_window": ("window_28hr", frozenset()),
    "historical_outside_window": ("window_historical", frozenset()),
    "half_past_hourly_buckets": ("whole_hour_buckets", frozenset()),
    "end_before_last_bucket": ("start_end_agree", frozenset()),
    "total_disagrees_with_hours": ("granularities_agree", frozenset()),
    # once the spec says `format: date-time` for iso8601_time (issue 8), the schema checks and a
    # client that decodes it to a datetime see the same break
    "time_not_iso8601": (
        "iso8601_time_format",
        frozenset({"body_schema", "response_schema_conformance", "client_call"}),
    ),
    "analytics_drops_a_requested_id": ("analytics_ids_accounted_for", frozenset()),
    "analytics_half_past_hourly": ("analytics_buckets_on_granularity", frozenset()),
    "analytics_outside_range": ("analytics_window", frozenset()),
    "analytics_adds_an_unrequested_field": ("analytics_fields_as_requested", frozenset()),
    "drops_the_unavailable_list": ("tweet_ids_accounted_for", frozenset()),
    "drops_the_unavailable_errors": ("tweet_ids_accounted_for", frozenset()),
    "analytics_drops_not_found_problems": ("analytics_ids_accounted_for", frozenset()),
}
# variants whose breakage is surplus data: a warning, not a failure
SURPLUS = frozenset({"adds_an_unrequested_metric"})
# The semantic variants run in batches, one variant per operation (tests/contracts/broken.py's
# Routed): a run costs ~5 s of CPU whatever it tests, and a failure on an operation belongs to
# that operation's variant. They fail in the hand-written and granularity tests, so few
# generated examples suffice.
SEMANTIC_EXAMPLES = "3"


def _operation_of(path: str) -> str:
    return next(op.operation_id for op in spec.operations().values() if op.path == path)


def semantic_cases() -> list[tuple[str, str, str]]:
    """(batch, operation, variant) for every semantic variant."""
    return [
        (batch, _operation_of(path), next(name for name in BROKEN_SEMANTICS if getattr(broken, name) is variant))
        for batch, by_path in broken.SEMANTIC_BATCHES.items()
        for path, variant in by_path.items()
    ]


@pytest.fixture(scope="module")
def broken_runs() -> dict[str, Run]:
    """Every broken variant (and the faithful control) through the CLI, two at a time."""
    names = [*BROKEN, *WARNED, *(f"{name} --strict" for name in WARNED), *broken.SEMANTIC_BATCHES, "faithful"]

    def one(name: str) -> Run:
        examples = SEMANTIC_EXAMPLES if name in broken.SEMANTIC_BATCHES else EXAMPLES
        variant, *strict = name.split()
        return run_cli(
            "--app", f"tests.contracts.broken:{variant}", "--max-examples", examples, "--skip-target-independent",
            *strict,
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(one, names), strict=True))


@pytest.mark.subprocess
def test_the_wrapper_alone_breaks_nothing(broken_runs: dict[str, Run]) -> None:
    assert broken_runs["faithful"].code == 0, broken_runs["faithful"].output[-3000:]


@pytest.mark.subprocess
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


@pytest.mark.subprocess
@pytest.mark.parametrize("variant", list(WARNED))
def test_a_warning_is_reported_and_fails_only_under_strict(variant: str, broken_runs: dict[str, Run]) -> None:
    run, strict = broken_runs[variant], broken_runs[f"{variant} --strict"]
    operation, check = WARNED[variant]
    assert run.code == 0, run.output[-3000:]
    assert checks_with(run.output, "warn").get(operation, set()) == {check}, run.output[-3000:]
    assert not checks_with(run.output, "FAIL")
    assert "\nwarnings (" in run.output and f"{operation}: {check}: " in run.output
    assert "result: CONFORMS (" in run.output and "warnings; --strict fails on them)" in run.output
    assert strict.code == 1, strict.output[-3000:]
    assert "warnings under --strict" in strict.output


def failing_checks(output: str) -> dict[str, set[str]]:
    """operation -> failing checks, from the summary table's FAIL lines (client_raw_ folded in)."""
    return checks_with(output, "FAIL")


def checks_with(output: str, verdict: str) -> dict[str, set[str]]:
    """operation -> checks whose summary-table verdict is `verdict` (client_raw_ folded in)."""
    out: dict[str, set[str]] = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[-1] == verdict:
            out.setdefault(fields[0], set()).add(fields[1].removeprefix("client_raw_"))
    return out


def test_every_semantic_variant_is_in_a_batch() -> None:
    assert sorted(variant for _, _, variant in semantic_cases()) == sorted(BROKEN_SEMANTICS)


@pytest.mark.subprocess
@pytest.mark.parametrize(("batch", "operation", "variant"), semantic_cases())
def test_each_semantic_breakage_fails_its_check_and_no_other(
    batch: str, operation: str, variant: str, broken_runs: dict[str, Run]
) -> None:
    run = broken_runs[batch]
    check, allowed = BROKEN_SEMANTICS[variant]
    assert run.code == 1 and "result: NONCONFORMANT" in run.output, run.output[-3000:]
    verdict = "warn" if variant in SURPLUS else "FAIL"
    failing = checks_with(run.output, verdict).get(operation, set())
    if verdict == "warn":
        assert not failing_checks(run.output).get(operation), run.output[-3000:]
    assert check in failing, run.output[-3000:]
    assert failing - {check} <= allowed, f"{variant} on {operation} also fails {sorted(failing - {check} - allowed)}"
    assert f"{operation}: {check}: " in run.output or f"{operation}: client_raw_{check}: " in run.output


@pytest.mark.subprocess
def test_the_faithful_mock_passes_every_semantic_check(broken_runs: dict[str, Run]) -> None:
    """The control ran every new check (they appear in its table) and none failed."""
    run = broken_runs["faithful"]
    checks = {fields[1] for line in run.output.splitlines() if len(fields := line.split()) >= 3}
    assert {check for check, _ in BROKEN_SEMANTICS.values()} <= checks
    assert not failing_checks(run.output) and not checks_with(run.output, "warn")
