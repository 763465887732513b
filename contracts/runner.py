"""Runs the suite with pytest and turns what happened into one outcome: a verdict, an exit code,
the ledger's table, each failure once and the reasons for skips.

A target that cannot be reached, or stops answering, is not judged: the run ends with a verdict of
its own (exit 4 or 5) instead of a wall of failures that are only the symptom of its absence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from contracts import credentials, junit
from contracts import target as targets
from contracts.ledger import Ledger
from contracts.settings import DEFAULT_MAX_EXAMPLES, LEDGER, WATCHDOG
from contracts.watchdog import Limits, Verdict, Watchdog, probe

SUITE = Path(__file__).resolve().parent / "suite"

# Exit codes of `python -m contracts run` (documented in contracts/README.md and --help).
CONFORMS = 0
NONCONFORMANT = 1
USAGE_ERROR = 2
SUITE_ERROR = 3
UNREACHABLE = 4
UNRESPONSIVE = 5
CREDENTIALS_REFUSED = 6  # a setup error: every request was refused with 401/403
INTERRUPTED = 130
VERDICT_CODES = {"unreachable": UNREACHABLE, "unresponsive": UNRESPONSIVE, "refused": CREDENTIALS_REFUSED}
MESSAGE_WIDTH = 400


@dataclass
class RunOptions:
    base_url: str | None = None
    app: str | None = None  # module:attribute of an ASGI app to test in-process
    junit: Path | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    live: bool = False
    strict: bool = False  # warnings fail the run too
    quiet: bool = True
    pytest_extra: tuple[str, ...] = ()  # extra pytest arguments, e.g. ("-k", "client")
    limits: Limits = field(default_factory=Limits)


@dataclass
class Outcome:
    """What the console shows and the exit code says."""

    code: int
    ledger: Ledger
    verdict: Verdict | None = None
    skips: Counter[str] = field(default_factory=Counter)  # reason -> how many tests
    suite_errors: list[str] = field(default_factory=list)  # the suite itself broke (collection, internals)
    suite_ran: bool = True  # False when the probe found the target absent and nothing else ran
    live: bool = False  # the live API was asked for (else its tests were not even collected)


def _first_line(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line[:MESSAGE_WIDTH]


def crash_message(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The one line that says why a test failed: its exception, not its traceback."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return _first_line(str(crash.message))
    return _first_line(str(report.longrepr))


def skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return _first_line(str(report.longrepr))


def label_of(item: pytest.Item) -> str:
    """The operation a test is about, named as the ledger names it (`-` for tests of no operation)."""
    params: dict[str, Any] = getattr(getattr(item, "callspec", None), "params", {})
    operation = str(params.get("operation_id", "-"))
    return operation + ("@live" if params.get("target") == "live" else "")


class GatePlugin:
    """Hands the run's watchdog to the suite, stops the session once it has a verdict, and makes
    every failed test show up in the ledger (a test that crashed records nothing by itself)."""

    def __init__(self, watchdog: Watchdog) -> None:
        self.watchdog = watchdog
        self.ledger = Ledger()
        self.skips: Counter[str] = Counter()
        self.suite_errors: list[str] = []
        self._reports: list[pytest.TestReport] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[WATCHDOG] = self.watchdog

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.suite_errors.append(f"{report.nodeid}: {crash_message(report)}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._reports.append(report)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        ledger = item.config.stash[LEDGER]
        failed_before = ledger.failed_count()
        self._reports = []
        result = yield
        for report in self._reports:
            if report.failed and ledger.failed_count() == failed_before:
                ledger.record(label_of(item), "test_error", f"{item.name}: {crash_message(report)}")
            elif report.skipped:
                self.skips[skip_reason(report)] += 1
        verdict = self.watchdog.verdict or self.watchdog.check_deadline()
        if verdict is not None:
            item.session.shouldstop = "the target stopped answering (verdict below)"
        return result

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.ledger = session.config.stash.get(LEDGER, self.ledger)


def pytest_args(options: RunOptions) -> list[str]:
    args = [str(SUITE), "-p", "no:cacheprovider", "--max-examples", str(options.max_examples)]
    # pytest runs in this process, which has already imported the packages that are also pytest
    # entry-point plugins (contracts itself, schemathesis, anyio), so it cannot rewrite their asserts
    # and says so; the suite's own modules (conftest, tests) are rewritten as usual.
    args += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    # quiet: progress dots only; the runner prints each failure once, from the ledger
    args += ["-q", "--tb=no", "-rN"] if options.quiet else ["-v", "--tb=short"]
    if options.base_url:
        args += ["--base-url", options.base_url]
    if options.app:
        args += ["--app", options.app]
    if options.live:
        args.append("--live")
    limits = options.limits
    args += ["--target-timeout", str(limits.timeout), "--deadline", str(limits.deadline)]
    args += ["--max-timeouts", str(limits.max_timeouts)]
    args += list(options.pytest_extra)
    if options.junit:
        options.junit.parent.mkdir(parents=True, exist_ok=True)
        args += [f"--junitxml={options.junit}", "-o", "junit_suite_name=contracts"]
    return args


def exit_code(pytest_code: int, plugin: GatePlugin, strict: bool = False) -> int:
    """pytest's exit code in the gate's terms; a verdict on the target outranks everything."""
    if plugin.watchdog.verdict is not None:
        return VERDICT_CODES[plugin.watchdog.verdict.kind]
    if plugin.suite_errors or pytest_code == pytest.ExitCode.INTERNAL_ERROR:
        return SUITE_ERROR
    if pytest_code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED):
        return USAGE_ERROR
    if pytest_code == pytest.ExitCode.INTERRUPTED:
        return INTERRUPTED
    if pytest_code == pytest.ExitCode.TESTS_FAILED or not plugin.ledger.passes(strict):
        return NONCONFORMANT
    return CONFORMS


def refusal(options: RunOptions, watchdog: Watchdog) -> Verdict | None:
    """The primary target refusing every signed request (401/403): a setup error, not a finding."""
    try:
        if options.base_url:
            target = targets.at_url(options.base_url, watchdog=watchdog)
        else:
            target = targets.in_process(targets.load_app(options.app) if options.app else None)
    except ValueError:  # half the OAuth 1.0a variables: the suite's own set-up says so
        return None
    try:
        message = credentials.refused(target)
    finally:
        target.close()
    return Verdict("refused", message) if message else watchdog.verdict


def run(options: RunOptions) -> Outcome:
    """Probe a URL target first (an absent target gets its verdict without running anything), then
    whether it takes the suite's credentials, then the suite; 0 only when every test passed (or
    was skipped) and every check conformed."""
    watchdog = Watchdog(options.limits)
    verdict = probe(options.base_url, watchdog) if options.base_url else None
    verdict = verdict or refusal(options, watchdog)
    if verdict is not None:
        if options.junit:  # CI reads the file: it says why nothing was judged
            junit.write_not_judged(options.junit, f"target_{verdict.kind}", verdict.message)
        return Outcome(VERDICT_CODES[verdict.kind], Ledger(), verdict, suite_ran=False)
    plugin = GatePlugin(watchdog)
    pytest_code = int(pytest.main(pytest_args(options), plugins=[plugin]))
    if options.junit and options.junit.exists():
        junit.add_warnings(options.junit, plugin.ledger, options.strict)
    code = exit_code(pytest_code, plugin, options.strict)
    return Outcome(code, plugin.ledger, watchdog.verdict, plugin.skips, plugin.suite_errors, live=options.live)
