"""Databases for the collector's tests: a SQLite file, and a real PostgreSQL server (session-wide).

`database_url` is parametrized over both kinds: each test gets a fresh, empty database;
`engine` is an engine on it with the schema upgraded.
`postgres` is the running server itself (tests/support/postgres.py), for tests that need more
than one database or administrative statements. Only a machine without the PostgreSQL binaries
skips the PostgreSQL half, with the reason printed (`-rs`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.postgres import PostgresServer, missing_reason, postgres_server

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    reason = missing_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database of its own."""
    return postgres.create_database(f"test_{next(_names)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file (not created until first used)."""
    return f"sqlite:///{tmp_path / 'collect.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of each kind in turn."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    """An engine on a fresh database of each kind, the schema upgraded to the newest revision."""
    from x_engagement.collect import open_engine, upgrade

    upgrade(database_url)
    engine = open_engine(database_url)
    yield engine
    engine.dispose()
