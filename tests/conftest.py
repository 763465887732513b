"""Shared fixtures and the suite's markers.

Markers (select with `-m`, e.g. `make test-fast` deselects all four):
- `postgres`: uses the real PostgreSQL server (tests/collect/conftest.py); applied here, from the
  fixtures a test uses, so no test has to say it twice.
- `subprocess`: launches the console script, python or another program as a child process; set
  in the test modules (module `pytestmark` or on the test).
- `slow`: takes more than about 5 s on its own; set in the test modules.
- `package_index`: downloads from the package index (network).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import pytest

from tests.support.cli import Cli, Run, run_in_process
from tests.support.server import ScriptedServer, scripted_server

MARKERS = {
    "postgres": "uses the real PostgreSQL server (tests/support/postgres.py); deselect with -m 'not postgres'",
    "subprocess": "launches the console script or python as a child process; deselect with -m 'not subprocess'",
    "slow": "takes more than about 5 s on its own; deselect with -m 'not slow'",
    "package_index": "downloads from the package index (network); deselect with -m 'not package_index'",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, description in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reaches the PostgreSQL server, directly or through `database_url`."""
    for item in items:
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)


def _uses_postgres(item: pytest.Item) -> bool:
    if "postgres" in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("database_url") == "postgresql"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`cli(args, env, stdin=None)`: `x-engagement` run in this process (tests/support/cli.py)."""

    def run(args: Sequence[str], env: Mapping[str, str], stdin: str | None = None) -> Run:
        return run_in_process(monkeypatch, capsys, args, env, stdin)

    return run
