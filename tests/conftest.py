from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import ScriptedServer, scripted_server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "package_index: downloads from the package index (network); deselect with -m 'not package_index'"
    )


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running
