"""Options and fixtures of the suite: which target, how many examples, and the shared ledger."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from contracts import target as targets
from contracts.ledger import Ledger
from contracts.settings import DEFAULT_LIMITS, DEFAULT_MAX_EXAMPLES, LEDGER, LIVE_MAX_EXAMPLES, WATCHDOG
from contracts.watchdog import Limits, Watchdog


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contracts")
    group.addoption("--base-url", default=None, help="test the server at this URL instead of the in-process mock")
    group.addoption("--app", default=None, help="test this ASGI app in-process (module:attribute)")
    group.addoption("--live", action="store_true", help="also test the live API (needs X_* credentials)")
    group.addoption(
        "--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES, help="schemathesis examples per operation and mode"
    )
    group.addoption("--target-timeout", type=float, default=DEFAULT_LIMITS.timeout, help="seconds per request to a URL")
    group.addoption("--deadline", type=float, default=DEFAULT_LIMITS.deadline, help="seconds for the whole run")
    group.addoption(
        "--max-timeouts",
        type=int,
        default=DEFAULT_LIMITS.max_timeouts,
        help="stop after this many silent requests in a row",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[LEDGER] = Ledger()


@pytest.fixture(scope="session")
def ledger(pytestconfig: pytest.Config) -> Ledger:
    return pytestconfig.stash[LEDGER]


def watchdog_of(config: pytest.Config) -> Watchdog:
    """The run's one watchdog: bounds every request to a URL; its verdict freezes the ledger."""
    if WATCHDOG not in config.stash:
        limits = Limits(
            float(config.getoption("--target-timeout")), float(config.getoption("--deadline")),
            int(config.getoption("--max-timeouts")),
        )  # fmt: skip
        config.stash[WATCHDOG] = Watchdog(limits)
    watchdog = config.stash[WATCHDOG]
    ledger = config.stash[LEDGER]
    if ledger.checkpoint not in watchdog.on_silence:  # outcomes caused by its silence are rolled back
        watchdog.on_silence.append(ledger.checkpoint)
        watchdog.on_verdict.append(lambda: ledger.freeze(rewind=watchdog.silent > 0))
    return watchdog


def _primary(config: pytest.Config) -> targets.Target:
    base_url, app = config.getoption("--base-url"), config.getoption("--app")
    if base_url:
        return targets.at_url(base_url, watchdog=watchdog_of(config))
    return targets.in_process(targets.load_app(app) if app else None)


def _live(config: pytest.Config) -> targets.Target:
    missing = targets.missing_live_variables(os.environ)
    if missing:
        pytest.skip(f"live: set {', '.join(missing)} to test the live API")
    return targets.live(os.environ, watchdog=watchdog_of(config))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test runs against the primary target; against the live API too only under --live
    (without it the live tests are not collected at all, rather than listed as skips)."""
    if "target" in metafunc.fixturenames:
        chosen = ["primary", "live"] if metafunc.config.getoption("--live") else ["primary"]
        metafunc.parametrize("target", chosen, indirect=True, scope="session")


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> Iterator[targets.Target]:
    """The target under test: the primary one (mock, app or URL) and, under --live, the live API."""
    chosen = _primary(pytestconfig) if request.param == "primary" else _live(pytestconfig)
    yield chosen
    chosen.close()


@pytest.fixture(scope="session")
def max_examples(pytestconfig: pytest.Config, target: targets.Target) -> int:
    requested = int(pytestconfig.getoption("--max-examples"))
    return min(requested, LIVE_MAX_EXAMPLES) if target.name == "live" else requested
