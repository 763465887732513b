"""Runs the suite with pytest and turns its ledger into a console summary and an exit code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from contracts.ledger import Ledger
from contracts.suite.conftest import DEFAULT_MAX_EXAMPLES, LEDGER

SUITE = Path(__file__).resolve().parent / "suite"


@dataclass
class RunOptions:
    base_url: str | None = None
    app: str | None = None  # module:attribute of an ASGI app to test in-process
    junit: Path | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    live: bool = False
    quiet: bool = True
    pytest_extra: tuple[str, ...] = ()  # e.g. ("-k", "not test_models") for target-only runs


class _LedgerGrabber:
    """A pytest plugin that keeps the session's ledger for the summary."""

    def __init__(self) -> None:
        self.ledger = Ledger()

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.ledger = session.config.stash.get(LEDGER, self.ledger)


def pytest_args(options: RunOptions) -> list[str]:
    args = [str(SUITE), "-p", "no:cacheprovider", "--max-examples", str(options.max_examples)]
    args += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    args += ["-q", "--tb=line"] if options.quiet else ["-v"]
    if options.base_url:
        args += ["--base-url", options.base_url]
    if options.app:
        args += ["--app", options.app]
    if options.live:
        args.append("--live")
    args += list(options.pytest_extra)
    if options.junit:
        options.junit.parent.mkdir(parents=True, exist_ok=True)
        args += [f"--junitxml={options.junit}", "-o", "junit_suite_name=contracts"]
    return args


def run(options: RunOptions) -> tuple[int, Ledger]:
    """(exit code, ledger): 0 only when every test passed (or was skipped) and every check conformed."""
    grabber = _LedgerGrabber()
    code = int(pytest.main(pytest_args(options), plugins=[grabber]))
    if code == 0 and not grabber.ledger.ok:
        code = 1
    return code, grabber.ledger
